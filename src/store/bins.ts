/**
 * Executables in PREFIX/bin: relative symlinks to the bins of the packages the user asked for
 * (relative, so a prefix can be moved or mounted elsewhere), the target made executable; and the
 * pinned node binary itself as a hardlink, so PREFIX/bin/node is a real file that `ps` and
 * `process.execPath` report as living in the env. Bin names and targets come from registry
 * metadata, i.e. from strangers, so both are checked to stay inside their folders.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resolveRelative } from './safe-path.js';

export interface BinSource {
  /** Package name and version, for messages. */
  label: string;
  /** Absolute package folder in the prefix. */
  dir: string;
  bin: Record<string, string>;
}

export function normaliseBinName(name: string): string | undefined {
  const base = name.replace(/^@[^/]+\//, '');
  if (!base || base === '.' || base === '..' || /[\\/\0]/.test(base)) return undefined;
  return base;
}

/** Makes a file executable for everyone who may read it (a no-op when it already is). */
export function makeExecutable(path: string): void {
  const mode = statSync(path).mode & 0o7777;
  const want = mode | ((mode & 0o444) >> 2);
  if (want !== mode) chmodSync(path, want);
}

/** The first `n` bytes of a file as text, undefined when it cannot be read. */
function headOf(path: string, n: number, encoding: BufferEncoding): string | undefined {
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(n);
      return buf.subarray(0, readSync(fd, buf, 0, n, 0)).toString(encoding);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** The first line of a file (up to 256 bytes), '' when it cannot be read. */
function firstLine(path: string): string {
  return (headOf(path, 256, 'latin1') ?? '').split('\n')[0]!.replace(/\r$/, '');
}

/** Words a sh double-quoted string keeps as they are (no $, `, \, " or newline). */
export const SH_SAFE = /^[\w@%+=:,./~-]+$/;

/**
 * The node options of a bin that is a node script (`#!/usr/bin/env node`, `#!/usr/bin/env -S node
 * --no-warnings`, `#!/usr/local/bin/node`): [] for none; undefined for anything else (a sh script,
 * a native binary) or options that could not be carried into a sh line as they are.
 */
function nodeShebang(path: string): string[] | undefined {
  const m = /^#!\s*(?:\/usr\/bin\/env\s+(?:-S\s+)?|\/\S*\/)node(?:\s+(.*))?$/.exec(firstLine(path));
  if (!m) return undefined;
  const args = (m[1] ?? '').split(/\s+/).filter(Boolean);
  return args.every((a) => SH_SAFE.test(a)) ? args : undefined;
}

/** The line of a bin wrapper that names its script (carry-over.ts reads it to know the file is ssdp's). */
const BIN_WRAPPER_MARK = '# ssdp bin wrapper of ';
/** The line before the mark that makes the sh lines a JavaScript comment (see binWrapper). */
const JS_COMMENT_OPEN = "':' /*";

/**
 * The script (relative to bin/) a bin wrapper of ssdp's runs; undefined for any other file. The
 * mark is the line after `#!/bin/sh`, or after the line opening the JavaScript comment in wrappers
 * written since they are also JavaScript (try13v V2).
 */
export function wrappedScript(path: string): string | undefined {
  const head = headOf(path, 512, 'utf8');
  if (head === undefined) return undefined;
  const [shebang, ...rest] = head.split('\n');
  const mark = rest[0] === JS_COMMENT_OPEN ? rest[1] : rest[0];
  return shebang === '#!/bin/sh' && mark?.startsWith(BIN_WRAPPER_MARK) ? mark.slice(BIN_WRAPPER_MARK.length) : undefined;
}

/**
 * Folder of ssdp-meta holding one symlink per wrapped bin, named after the bin and pointing at its
 * script: the wrapper runs node on that link, so the script sees its bin's name in
 * process.argv[1] as with npm's bin symlinks (node resolves the link only to load the module).
 * Multi-call bins decide by it: cowsay's `cowthink`, commander's and yargs' program name (s17 U2).
 * Named `.bin` as npm's folder is: a tool that asks whether its CLI started it by
 * `.bin/NAME` in argv[1] (uvu: /\.bin[\\/]uvu$/) ran each test file's suites a second
 * time, outside its CLI, under `ssdp-meta/bin-names/uvu` (try13u U1: kleur's suite ran 7 of 15).
 */
export const BIN_NAMES = '.bin';
/** Its name before: an env linked then keeps it until its next change, which removes it. */
export const OLD_BIN_NAMES = 'bin-names';

/**
 * PREFIX/bin/TOOL for a node script: runs it on the env's own bin/node (the shim, so the pinned
 * node and the env's packages), whichever node comes first on the caller's PATH. A symlink ran it
 * by its `#!/usr/bin/env node`: `PREFIX/bin/tsx x.ts` from a cron job, an IDE or a Makefile ran
 * the machine's node and could not import the env's packages (tester s16 try13t T6); conda's
 * bin/TOOL runs on the env's interpreter, and pnpm writes such sh shims too. Found from its own
 * path ($0), or through readlink when a user links it from elsewhere (~/bin/tsx). `rel` (the
 * script, relative to bin/) is what the mark names; `run` (relative to bin/) is the link named
 * after the bin that node is given.
 *
 * The file is JavaScript too, as npm's `.bin/TOOL` (a symlink to the script) is: `node $(which
 * jest)`, `node --inspect-brk $(which jest) --runInBand` (jest's debugging recipe) and `node
 * --require x.cjs $(which mocha)` were a SyntaxError on the sh lines (tester s21 try13v V2).
 * Node skips the `#!` line; `':'` is a string statement to JavaScript and `:` (do nothing) to sh,
 * whose glob `/*` opens the comment that hides the sh lines from JavaScript; sh never reads past
 * its `exec` (or `exit`). As JavaScript it runs the script as Node's main module, the way `node
 * SCRIPT` does (Module.runMain, as ts-node's bin does: `require.main === module` holds in it,
 * an ES module script loads as one), under the node and options the user chose, with
 * process.argv[1] the same `.bin/NAME` link the sh path gives. Written to load as CommonJS and,
 * when a `"type": "module"` package.json above the env makes Node read it as an ES module, as one.
 */
export function binWrapper(rel: string, run: string, args: string[]): string {
  return `#!/bin/sh
${JS_COMMENT_OPEN}
${BIN_WRAPPER_MARK}${rel}
# Written by ssdp (src/store/bins.ts): runs that script on this env's node (bin/node beside this
# file); run as JavaScript (node $(which NAME)), it runs the script on that node.
here=\${0%/*}
[ "$here" = "$0" ] && here=.
if ! [ -f "$here/${run}" ]; then
  real=$(readlink -f -- "$0" 2>/dev/null) && here=\${real%/*}
fi
exec "$here/node" ${args.map((a) => `"${a}" `).join('')}"$here/${run}" "$@"
exit 127
*/
const ssdpRunBin = (Module, fs, path, self) => {
  const script = path.join(path.dirname(fs.realpathSync(self)), ${JSON.stringify(run)});
  process.argv[1] = script;
  Module.runMain(script);
};
if (typeof __filename === 'string' && typeof require === 'function') {
  if (require.main === module) ssdpRunBin(require('module'), require('fs'), require('path'), __filename);
  else module.exports = require(require('path').join(__dirname, ${JSON.stringify(run)}));
} else {
  Promise.all([import('node:module'), import('node:fs'), import('node:path')]).then(([m, fs, path]) => ssdpRunBin(m.default, fs, path, process.argv[1]));
}
`;
}

/**
 * Puts bin `name` (script `target`) into binDir, replacing what is there: with `namesDir`, a node
 * script gets a wrapper running it on binDir's node through namesDir/NAME; anything else (a sh
 * script, a native binary, or no namesDir) a relative symlink, as npm links it.
 */
function placeBin(binDir: string, name: string, target: string, namesDir: string | undefined): void {
  const at = join(binDir, name);
  rmSync(at, { force: true });
  const fromBin = relative(binDir, target);
  const args = namesDir && SH_SAFE.test(fromBin) ? nodeShebang(target) : undefined;
  const run = args && relative(binDir, join(namesDir!, name));
  if (args && run && SH_SAFE.test(run)) {
    mkdirSync(namesDir!, { recursive: true });
    const link = join(namesDir!, name);
    rmSync(link, { force: true });
    symlinkSync(relative(namesDir!, target), link);
    writeFileSync(at, binWrapper(fromBin, run, args), { mode: 0o755 });
  } else symlinkSync(fromBin, at);
}

/**
 * `reserved`: names already in binDir (node itself when pinned) -> who owns them. `namesDir`:
 * node scripts get a wrapper that runs them on binDir's node (the env's bin/; not
 * node_modules/.bin) through a link there named after the bin (BIN_NAMES). Returns the names
 * linked, and which were linked from which source in `placed`.
 */
export function linkBins(binDir: string, sources: BinSource[], warn: (m: string) => void, reserved: Record<string, string> = {}, namesDir?: string, placed?: Map<BinSource, Array<[string, string]>>): string[] {
  mkdirSync(binDir, { recursive: true });
  const taken = new Map<string, string>(Object.entries(reserved));
  for (const src of sources) {
    for (const [rawName, file] of Object.entries(src.bin)) {
      const name = normaliseBinName(rawName);
      const rel = typeof file === 'string' ? resolveRelative('_', file) : undefined;
      if (!name || !rel) {
        warn(`skipped bin ${JSON.stringify(rawName)} of ${src.label}: it points outside its package`);
        continue;
      }
      const target = join(src.dir, rel);
      if (!statSync(target, { throwIfNoEntry: false })?.isFile()) {
        warn(`skipped bin ${name} of ${src.label}: ${file} is not in the package`);
        continue;
      }
      const owner = taken.get(name);
      if (owner) {
        warn(name in reserved ? `skipped bin ${name} of ${src.label}: bin/${name} is ${owner}` : `bin ${name} of ${src.label} clashes with the one of ${owner}; kept ${owner}'s`);
        continue;
      }
      taken.set(name, src.label);
      makeExecutable(target);
      placeBin(binDir, name, target, namesDir);
      if (placed) placed.set(src, [...(placed.get(src) ?? []), [name, target]]);
    }
  }
  return [...taken.keys()].filter((k) => !(k in reserved));
}

/**
 * Decides again the bins `linkBins` placed for packages whose install scripts ran: a script may
 * replace a bin's file, as esbuild's postinstall swaps its node script for the native binary
 * (s17 U4), which a wrapper running it on node cannot run. As npm's symlink, the bin then runs
 * what the file is now: a native binary directly, a node script through a wrapper.
 */
export function relinkBinsAfterScripts(binDir: string, bins: Array<[string, string]>, namesDir: string): void {
  for (const [name, target] of bins) {
    if (!statSync(target, { throwIfNoEntry: false })?.isFile()) continue; // the script removed it: left as linked
    makeExecutable(target);
    placeBin(binDir, name, target, namesDir);
  }
}
