/**
 * Reads a top-level binding of a module that is still running its top-level code. Such a module
 * (a script awaiting a compute) cannot be imported until it finishes, so `import()` would wait for
 * ourselves; but a function defined in it closes over its module scope, which V8's inspector can
 * read synchronously. Used only for that case: rebuilding a task result whose class the script
 * exports next to its task functions.
 */
// node:inspector is loaded when first needed (getBuiltinModule), not by importing this module:
// every worker imports it through functions.ts, and the inspector cost each worker's start.

interface RemoteObject {
  readonly objectId?: string;
}
interface Property {
  readonly name: string;
  readonly value?: RemoteObject;
}

const PROBE = '__ssdpModuleScopeProbe';

/** The value of top-level binding `name` in the module `fn` was defined in, or undefined. */
export function moduleBinding(fn: object, name: string): unknown {
  const { Session } = process.getBuiltinModule('node:inspector');
  const session = new Session();
  session.connect();
  const g = globalThis as Record<string, unknown>;
  // A same-thread inspector session answers synchronously; anything else is not what we expect.
  const post = <T>(method: string, params: object): T => {
    let out: { err: Error | null; r: unknown } | undefined;
    session.post(method, params, (err, r) => (out = { err, r }));
    if (!out) throw new Error(`inspector ${method} did not answer synchronously`);
    if (out.err) throw out.err;
    return out.r as T;
  };
  try {
    g[PROBE] = fn;
    const { result } = post<{ result: RemoteObject }>('Runtime.evaluate', { expression: `globalThis.${PROBE}` });
    const own = post<{ internalProperties?: Property[] }>('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
    const scopes = own.internalProperties?.find((p) => p.name === '[[Scopes]]')?.value?.objectId;
    if (!scopes) return undefined;
    for (const scope of post<{ result: Property[] }>('Runtime.getProperties', { objectId: scopes, ownProperties: true }).result) {
      if (!scope.value?.objectId) continue;
      const hit = post<{ result: Property[] }>('Runtime.getProperties', { objectId: scope.value.objectId, ownProperties: true }).result.find((v) => v.name === name);
      if (!hit?.value?.objectId) continue;
      post('Runtime.callFunctionOn', { objectId: hit.value.objectId, functionDeclaration: `function () { globalThis.${PROBE} = this; }` });
      return g[PROBE];
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    delete g[PROBE];
    session.disconnect();
  }
}
