/**
 * What code a task runs, as text that goes into its fingerprint: editing a task's module (or,
 * for ssdp's own functions, any file of that area) makes its steps run again, and so does editing
 * a local file the module imports.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleUrl } from './exec.js';
import { localImportGraph } from '../util/local-imports.js';
import type { TaskSpec } from './types.js';

function treeStamp(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) {
        const st = statSync(p);
        parts.push(`${e.name}:${st.size}:${Math.round(st.mtimeMs)}`);
      }
    }
  };
  walk(dir);
  return parts.join(',');
}

function fileStamp(file: string): string {
  try {
    const st = statSync(file);
    return `${st.size}:${Math.round(st.mtimeMs)}`;
  } catch {
    return 'missing';
  }
}

export function codeVersion(task: TaskSpec, root: string): string {
  if (!task.function) return '';
  try {
    const file = fileURLToPath(moduleUrl(task.function, root));
    if (task.function.startsWith('ssdp:')) return treeStamp(dirname(file));
    // the module and the local files it imports (a helper edited alone changes what the step computes)
    const [own, ...imported] = localImportGraph(file).map(fileStamp);
    if (own === 'missing') return 'unresolved';
    return imported.length ? `${own}+${imported.join(',')}` : own!;
  } catch {
    return 'unresolved';
  }
}
