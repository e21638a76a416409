/**
 * An env inside another env is data loss waiting to happen: removing (or replacing) the outer
 * one deletes the inner env and the user's files in it, counted as the outer env's "own files".
 * So an env may not be created inside an env, and an env holding another env is neither
 * replaced nor removed until the inner one is gone or moved.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { isTextName, joinRaw, rawKey, shownName } from '../util/raw-names.js';
import { dirname, join } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { looksLikeEnv } from './target.js';

/** The nearest env folder strictly above `prefix` (a real, absolute path), if any. */
export function envAround(prefix: string): string | undefined {
  for (let up = dirname(prefix), at = prefix; up !== at; at = up, up = dirname(up)) {
    if (looksLikeEnv(up)) return up;
  }
  return undefined;
}

/**
 * Envs strictly inside `prefix`, named for messages (shownName: \xNN for bytes that are not UTF-8).
 * Symlinks are not followed (a link is removed, not its target), and package trees and ssdp's
 * state are not searched: an env is never put there. Folders are walked by their bytes: one whose
 * name is not UTF-8 was skipped (its string name, with U+FFFD, is no folder), and an env inside it
 * was deleted with the outer one.
 */
export function envsWithin(prefix: string, max = 5): Array<{ shown: string; text: boolean }> {
  const found: Array<{ shown: string; text: boolean }> = [];
  const skip = new Set([join(prefix, 'ssdp-meta'), join(prefix, 'lib/node_modules')].map((p) => rawKey(p)));
  const walk = (dir: Buffer): void => {
    let entries: Dirent<Buffer>[];
    try {
      entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      return;
    }
    for (const e of entries) {
      if (found.length >= max) return;
      if (!e.isDirectory()) continue;
      const p = joinRaw(dir, e.name);
      if (skip.has(rawKey(p))) continue;
      if (looksLikeEnv(p)) found.push({ shown: shownName(p), text: isTextName(p) });
      else walk(p);
    }
  };
  walk(Buffer.from(prefix));
  return found;
}

/** Refuses to create an env inside another env, or to replace/remove an env that holds one. */
export function refuseNesting(prefix: string, doing: 'create' | 'replace' | 'remove'): void {
  const outer = doing === 'create' ? envAround(prefix) : undefined;
  if (outer) {
    throw new SsdpError('E_ENV_NESTED', `${prefix} is inside the env ${outer}; an env cannot be created inside another env (removing or replacing the outer one would delete it).`, {
      hint: 'Give -p a folder outside every env, e.g. next to it; nothing was changed.',
    });
  }
  if (doing === 'create') return;
  const inner = envsWithin(prefix);
  if (inner.length > 0) {
    const first = inner[0]!;
    throw new SsdpError('E_ENV_NESTED', `the env ${prefix} holds another env (${inner.map((i) => i.shown).join(', ')}), which ${doing === 'remove' ? 'removing' : 'replacing'} it would delete.`, {
      hint: first.text
        ? `Remove the inner env first (ssdp env remove -p ${first.shown}) or move it out of ${prefix}; nothing was changed.`
        : `Move the inner env out of ${prefix} (its path is not UTF-8, shown with \\xNN, so -p cannot name it); nothing was changed.`,
    });
  }
}
