/** Functions for bag tests, exported so workers import them. */
import { appendFileSync } from 'node:fs';

export function square(x: number): number {
  return x * x;
}

export function isEven(x: number): boolean {
  return x % 2 === 0;
}

export function repeat(x: number): number[] {
  return Array.from({ length: x % 4 }, () => x);
}

/** Logs each element it sees to `file` (one line each), then returns it. */
export function logged(file: string): (x: number) => number {
  return (x: number) => {
    appendFileSync(file, `${x}\n`);
    return x;
  };
}

export function recordTo(x: { file: string; v: number }): number {
  appendFileSync(x.file, `${x.v}\n`);
  return x.v;
}

export async function slowDouble(x: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 1));
  return 2 * x;
}
