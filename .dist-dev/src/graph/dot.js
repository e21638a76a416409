/**
 * Graph pictures in dask's style: a task is an ellipse labelled with its function, its result a
 * box labelled with the key's kind; arrows run from inputs to the function to its result,
 * bottom to top.
 */
import { dependenciesOf, isTask, keyKind } from './graph.js';
import { fnName } from './functions.js';
function q(s) {
    return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}
export function toDot(graph, opts = {}) {
    const lines = ['digraph ssdp {', `  graph [rankdir=${opts.rankdir ?? 'BT'}];`, '  node [fontname="Helvetica"];'];
    const shortKey = (k) => {
        const kind = keyKind(k);
        const rest = k.slice(kind.length).replace(/^-/, '');
        return rest.length > 0 ? `${kind}-${rest.slice(0, 8)}` : kind;
    };
    for (const [key, node] of Object.entries(graph)) {
        lines.push(`  ${q(key)} [label=${q(shortKey(key))}, shape=box];`);
        if (isTask(node)) {
            const fid = `fn:${key}`;
            lines.push(`  ${q(fid)} [label=${q(fnName(node.fn))}, shape=ellipse];`);
            lines.push(`  ${q(fid)} -> ${q(key)};`);
            for (const d of dependenciesOf(node))
                if (d in graph)
                    lines.push(`  ${q(d)} -> ${q(fid)};`);
        }
    }
    lines.push('}');
    return lines.join('\n') + '\n';
}
//# sourceMappingURL=dot.js.map