export function createRoot() {
    return { name: '', version: '', manifest: null, parent: null, children: new Map(), path: '', out: [] };
}
/** `folder` differs from the package name only for npm: aliases (`"b": "npm:real@^1"`). */
export function addChild(level, manifest, via, folder = manifest.name) {
    const node = {
        name: folder,
        version: manifest.version,
        manifest,
        parent: level,
        children: new Map(),
        path: level.parent === null ? folder : `${level.path}/node_modules/${folder}`,
        via,
        out: [],
    };
    level.children.set(folder, node);
    return node;
}
/** What Node's resolution finds for `name` starting at `level`'s node_modules. */
export function lookup(level, name) {
    for (let l = level; l; l = l.parent) {
        const found = l.children.get(name);
        if (found)
            return found;
    }
    return undefined;
}
function isAncestorOrSelf(a, b) {
    for (let n = b; n; n = n.parent)
        if (n === a)
            return true;
    return false;
}
export class EdgeIndex {
    byName = new Map();
    add(name, edge) {
        const list = this.byName.get(name);
        if (list)
            list.push(edge);
        else
            this.byName.set(name, [edge]);
    }
    /** Would a new `name` in `level` hide the copy some dependent below it already resolved to? */
    shadows(level, name) {
        for (const e of this.byName.get(name) ?? []) {
            if (isAncestorOrSelf(level, e.fromLevel) && e.to.parent !== level && isAncestorOrSelf(e.to.parent, level))
                return true;
        }
        return false;
    }
}
/**
 * Where a dependency `name` (wanted by a lookup starting at `start`) goes: an existing copy Node
 * would find, if it fits; else the highest folder below any conflicting copy that shadows nobody.
 */
export function place(start, name, fits, edges) {
    const levels = [];
    for (let l = start; l; l = l.parent) {
        const existing = l.children.get(name);
        if (existing) {
            if (fits(existing))
                return { reuse: existing };
            break;
        }
        levels.push(l);
    }
    for (let i = levels.length - 1; i > 0; i--)
        if (!edges.shadows(levels[i], name))
            return { level: levels[i] };
    return { level: levels[0] ?? start };
}
//# sourceMappingURL=hoist.js.map