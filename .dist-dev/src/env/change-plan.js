export function isChangePlan(r) {
    return r !== undefined && r.kind === 'plan';
}
export function formatChangePlan(p) {
    const d = p.diff;
    const lines = [`Would ${p.creates ? 'create' : 'change'} ${p.prefix}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.`];
    for (const c of d.added)
        lines.push(`  + ${c.path} ${c.to}`);
    for (const c of d.removed)
        lines.push(`  - ${c.path} ${c.from}`);
    for (const c of d.changed)
        lines.push(`    ${c.path} ${c.from} -> ${c.to}`);
    lines.push('(dry run: nothing was changed)');
    return lines.join('\n');
}
//# sourceMappingURL=change-plan.js.map