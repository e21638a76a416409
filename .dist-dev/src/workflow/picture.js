/** `--graph FILE.svg|FILE.dot`: the instance graph as a picture, up-to-date steps drawn grey. */
import { writeFileSync } from 'node:fs';
import { SsdpError } from '../util/errors.js';
export function workflowDot(plan) {
    const q = (s) => JSON.stringify(s);
    const lines = ['digraph workflow {', '  rankdir=BT;', '  node [shape=box, style="rounded,filled", fontname="Helvetica"];'];
    for (const i of plan.instances) {
        const fresh = plan.fresh.has(i.id);
        lines.push(`  ${q(i.id)} [fillcolor=${fresh ? '"#dddddd"' : '"#9ecae1"'}${fresh ? ', tooltip="up to date"' : ''}];`);
        for (const d of i.deps)
            lines.push(`  ${q(d)} -> ${q(i.id)};`);
    }
    lines.push('}');
    return lines.join('\n') + '\n';
}
export async function writeWorkflowPicture(plan, file) {
    const dot = workflowDot(plan);
    if (file.endsWith('.dot')) {
        writeFileSync(file, dot);
        return [file];
    }
    if (!file.endsWith('.svg'))
        throw new SsdpError('E_BAD_ARGS', `--graph ${file}: name a .svg or .dot file.`);
    const { renderSvg } = await import('../graph/visualize.js');
    writeFileSync(file, await renderSvg(dot));
    return [file];
}
//# sourceMappingURL=picture.js.map