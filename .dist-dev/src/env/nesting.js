/**
 * An env inside another env is data loss waiting to happen: removing (or replacing) the outer
 * one deletes the inner env and the user's files in it, counted as the outer env's "own files".
 * So an env may not be created inside an env, and an env holding another env is neither
 * replaced nor removed until the inner one is gone or moved.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { looksLikeEnv } from './target.js';
/** The nearest env folder strictly above `prefix` (a real, absolute path), if any. */
export function envAround(prefix) {
    for (let up = dirname(prefix), at = prefix; up !== at; at = up, up = dirname(up)) {
        if (looksLikeEnv(up))
            return up;
    }
    return undefined;
}
/**
 * Envs strictly inside `prefix`. Symlinks are not followed (a link is removed, not its target),
 * and package trees and ssdp's state are not searched: an env is never put there.
 */
export function envsWithin(prefix, max = 5) {
    const found = [];
    const skip = new Set([join(prefix, 'ssdp-meta'), join(prefix, 'lib/node_modules')]);
    const walk = (dir) => {
        let entries;
        try {
            entries = readdirSync(dir, { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const e of entries) {
            if (found.length >= max)
                return;
            if (!e.isDirectory())
                continue;
            const p = join(dir, e.name);
            if (skip.has(p))
                continue;
            if (looksLikeEnv(p))
                found.push(p);
            else
                walk(p);
        }
    };
    walk(prefix);
    return found;
}
/** Refuses to create an env inside another env, or to replace/remove an env that holds one. */
export function refuseNesting(prefix, doing) {
    const outer = doing === 'create' ? envAround(prefix) : undefined;
    if (outer) {
        throw new SsdpError('E_ENV_NESTED', `${prefix} is inside the env ${outer}; an env cannot be created inside another env (removing or replacing the outer one would delete it).`, {
            hint: 'Give -p a folder outside every env, e.g. next to it; nothing was changed.',
        });
    }
    if (doing === 'create')
        return;
    const inner = envsWithin(prefix);
    if (inner.length > 0) {
        throw new SsdpError('E_ENV_NESTED', `the env ${prefix} holds another env (${inner.join(', ')}), which ${doing === 'remove' ? 'removing' : 'replacing'} it would delete.`, {
            hint: `Remove the inner env first (ssdp env remove -p ${inner[0]}) or move it out of ${prefix}; nothing was changed.`,
        });
    }
}
//# sourceMappingURL=nesting.js.map