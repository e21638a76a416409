/** Functions for bag tests, exported so workers import them. */
import { appendFileSync } from 'node:fs';
export function square(x) {
    return x * x;
}
export function isEven(x) {
    return x % 2 === 0;
}
export function repeat(x) {
    return Array.from({ length: x % 4 }, () => x);
}
/** Logs each element it sees to `file` (one line each), then returns it. */
export function logged(file) {
    return (x) => {
        appendFileSync(file, `${x}\n`);
        return x;
    };
}
export function recordTo(x) {
    appendFileSync(x.file, `${x.v}\n`);
    return x.v;
}
export async function slowDouble(x) {
    await new Promise((r) => setTimeout(r, 1));
    return 2 * x;
}
//# sourceMappingURL=bag-fixtures.js.map