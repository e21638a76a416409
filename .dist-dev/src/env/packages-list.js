export function packageRows(lock, requestedNames) {
    const rows = [];
    if (lock.node)
        rows.push({ name: 'node', version: lock.node.version, path: `bin/node (${lock.node.package})`, requested: true });
    const pkgs = [...lock.packages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const p of pkgs)
        rows.push({ name: p.name, version: p.version, path: p.path, requested: p.path === p.name && requestedNames.has(p.name) });
    return rows;
}
export function formatPackageRows(prefix, rows) {
    const w = Math.max(4, ...rows.map((r) => r.name.length));
    const v = Math.max(7, ...rows.map((r) => r.version.length));
    const lines = [`# packages in environment at ${prefix}:`, '#', `# ${'Name'.padEnd(w - 2)}  ${'Version'.padEnd(v)}  Location`];
    for (const r of rows)
        lines.push(`${r.name.padEnd(w)}  ${r.version.padEnd(v)}  ${r.path === r.name ? '' : r.path}${r.requested ? (r.path === r.name ? '(requested)' : ' (requested)') : ''}`.trimEnd());
    return lines.join('\n');
}
//# sourceMappingURL=packages-list.js.map