/**
 * The plan a `--dry-run` of install, remove, update or rollback reports. Kept apart from the
 * operations so the CLI prints it without importing the env library eagerly.
 */
import type { Revision, RevisionDiff } from './revisions.js';

/** What a change would do to an env (`--dry-run` of install, remove, update, rollback). */
export interface ChangePlan {
  kind: 'plan';
  prefix: string;
  /** True when the env does not exist yet and the change would create it (env update -f). */
  creates: boolean;
  diff: RevisionDiff;
}

export function isChangePlan(r: Revision | ChangePlan | undefined): r is ChangePlan {
  return r !== undefined && (r as ChangePlan).kind === 'plan';
}

export function formatChangePlan(p: ChangePlan): string {
  const d = p.diff;
  const lines = [`Would ${p.creates ? 'create' : 'change'} ${p.prefix}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.`];
  for (const c of d.added) lines.push(`  + ${c.path} ${c.to}`);
  for (const c of d.removed) lines.push(`  - ${c.path} ${c.from}`);
  for (const c of d.changed) lines.push(`    ${c.path} ${c.from} -> ${c.to}`);
  lines.push('(dry run: nothing was changed)');
  return lines.join('\n');
}
