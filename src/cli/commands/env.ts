import type { Argv } from 'yargs';

export function register(y: Argv): Argv {
  return y;
}
