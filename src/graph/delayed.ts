export async function compute(...args: unknown[]): Promise<unknown> { void args; throw new Error('not yet'); }
