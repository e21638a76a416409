/** `ssdp list`: what an env holds, the pinned node first, then packages by install path. */
import type { Lockfile } from '../resolve/types.js';

export interface PackageRow {
  name: string;
  version: string;
  /** Install path below lib/node_modules (differs from name for nested copies). */
  path: string;
  requested: boolean;
}

export function packageRows(lock: Lockfile, requestedNames: Set<string>): PackageRow[] {
  const rows: PackageRow[] = [];
  if (lock.node) rows.push({ name: 'node', version: lock.node.version, path: `bin/node (${lock.node.package})`, requested: true });
  const pkgs = [...lock.packages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const p of pkgs) rows.push({ name: p.name, version: p.version, path: p.path, requested: p.path === p.name && (requestedNames.has(p.name) || p.requested === true) }); // a git/URL/folder request names no package: the lock marks it (s18 try13v V2)
  return rows;
}

export function formatPackageRows(prefix: string, rows: PackageRow[]): string {
  const w = Math.max(4, ...rows.map((r) => r.name.length));
  const v = Math.max(7, ...rows.map((r) => r.version.length));
  const lines = [`# packages in environment at ${prefix}:`, '#', `# ${'Name'.padEnd(w - 2)}  ${'Version'.padEnd(v)}  Location`];
  for (const r of rows) lines.push(`${r.name.padEnd(w)}  ${r.version.padEnd(v)}  ${r.path === r.name ? '' : r.path}${r.requested ? (r.path === r.name ? '(requested)' : ' (requested)') : ''}`.trimEnd());
  return lines.join('\n');
}
