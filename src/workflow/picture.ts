/** `--graph FILE.svg|FILE.dot`: the instance graph as a picture, up-to-date steps drawn grey. */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic-file.js';
import { SsdpError } from '../util/errors.js';
import { headOf, regularFileAt } from '../util/replace-guard.js';
import type { WorkflowPlan } from './runner.js';

/** In every picture ssdp writes: a file without it is the user's and is never replaced (GR1). */
const MARK = 'ssdp workflow graph';

export function workflowDot(plan: WorkflowPlan): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [`// ${MARK}`, 'digraph workflow {', '  rankdir=BT;', '  node [shape=box, style="rounded,filled", fontname="Helvetica"];'];
  for (const i of plan.instances) {
    const fresh = plan.fresh.has(i.id);
    lines.push(`  ${q(i.id)} [fillcolor=${fresh ? '"#dddddd"' : '"#9ecae1"'}${fresh ? ', tooltip="up to date"' : ''}];`);
    for (const d of i.deps) lines.push(`  ${q(d)} -> ${q(i.id)};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/**
 * The picture is written whole under a temporary name and renamed into place, and only over
 * nothing or over a picture ssdp wrote: never over a user's figure, through a hard link, into a
 * folder, a FIFO or a device, as the performance report.
 */
export async function writeWorkflowPicture(plan: WorkflowPlan, file: string): Promise<string[]> {
  if (!file.endsWith('.dot') && !file.endsWith('.svg')) throw new SsdpError('E_BAD_ARGS', `--graph ${file}: name a .svg or .dot file.`);
  const path = resolve(file);
  const refuse = (why: string) => new SsdpError('E_GRAPH_PATH', `--graph ${file}: cannot write the picture at ${path}: ${why}. Nothing was run.`, { hint: 'Give a new .svg or .dot file name in a folder that exists and you can write.' });
  if (regularFileAt(path, refuse) && !headOf(path, 4096)?.includes(MARK)) {
    throw new SsdpError('E_GRAPH_EXISTS', `--graph ${file}: ${path} exists and is not a picture ssdp wrote; it is left as it is. Nothing was run.`, {
      hint: 'Give another file name, or move that file away first.',
    });
  }
  if (!statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory()) throw refuse('its folder does not exist');
  const dot = workflowDot(plan);
  const text = file.endsWith('.dot') ? dot : (await import('../graph/visualize.js').then((v) => v.renderSvg(dot))).replace(/(<svg\b)/, `<!-- ${MARK} -->\n$1`);
  try {
    await writeFileAtomic(path, text);
  } catch (e) {
    throw refuse(`${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return [file];
}
