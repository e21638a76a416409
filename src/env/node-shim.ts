/**
 * The `node` of an env that pins none: PREFIX/bin/node -> ../ssdp-meta/node, a shell script that
 * runs the next node on PATH (the machine's, or an outer env's pinned one) with the env's own
 * preload, ssdp-meta/node_modules/node-hook.cjs. NODE_OPTIONS and NODE_PATH alone served the env's packages
 * only while nothing replaced them: `cross-env NODE_OPTIONS=--max-old-space-size=4096 node
 * build.mjs` lost `import` of them, and a child started with an environment of its own
 * (`spawn('node', [f], { env: { PATH } })`, tinypool's forks, a Worker with `env: {}`) lost both.
 * The preload finds the env from its own location and goes on the command line, where forks and
 * workers inherit it (process.execArgv) whatever environment they get.
 *
 * An env that pins node gets the same shim, written to start the pinned binary, which is linked
 * at ssdp-meta/node-bin (a hardlink of the store's, which clean --verify and relinking follow,
 * through pinnedNodeFile): `ENV/bin/node build.mjs` run with a cleaned environment kept only
 * what NODE_OPTIONS carried, i.e. nothing (s15 NS2 for pinned envs). Envs pinned before keep
 * the binary itself at bin/node until their next change.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HOOK_FILE } from './node-options.js';
import { prefixLayout } from './prefix.js';
import { pathKind } from '../util/path-kind.js';

/** Names in ssdp-meta/ (carry-over.ts counts them as ssdp's own) and bin/node's link target. */
export const NODE_SHIM = 'node';
/**
 * In a node_modules folder, which Node's test coverage leaves out: at ssdp-meta/node-hook.cjs a
 * user's `node --test --experimental-test-coverage` in the env counted it as their code (tester
 * s16 try13t T5). Envs written before keep theirs there until clean --verify or their next change.
 */
export const NODE_PRELOAD = 'node_modules/node-hook.cjs';
export const OLD_NODE_PRELOAD = 'node-hook.cjs';
export const NODE_SHIM_LINK = `../ssdp-meta/${NODE_SHIM}`;
/** The pinned node binary of an env that pins one, in ssdp-meta/ (bin/node is the shim). */
export const PINNED_NODE = 'node-bin';

/**
 * Who bin/node is, for linkBins, which links no package's bin named node: a package's
 * (`"bin": {"node": "cli.js"}`) replaced the env's node without a word in an env that pins none,
 * so `ssdp run -n E node -v` ran the package's script and every node-script bin of the env ran
 * through it (tester s20 try8q Q5). npm's `-g` stops with EEXIST over an existing node.
 */
export function nodeBinOwner(pinnedVersion: string | undefined): string {
  return `the env's own node (${pinnedVersion ? `the pinned node ${pinnedVersion}` : "ssdp's, which runs the node on PATH with the env's packages"})`;
}

/** Where an env's pinned node binary is: ssdp-meta/node-bin, or bin/node in an env pinned before. */
export function pinnedNodeFile(prefix: string): string {
  const layout = prefixLayout(prefix);
  const meta = join(layout.meta, PINNED_NODE);
  const before = join(layout.bin, 'node');
  // pathKind, not lstat: a damaged env whose bin is a file makes lstat throw ENOTDIR.
  const was = pathKind(before);
  return !existsSync(meta) && was.is === 'not-a-folder' && was.what === 'a file' && !was.link ? before : meta;
}

/**
 * POSIX sh, found from its own path ($0 is bin/node as PATH named it, so a moved or mounted env
 * still works). Another env's shim further along PATH is skipped, whether as that env's bin/node
 * (the same file as its ssdp-meta/node) or as a symlink to it elsewhere (`ln -s B/bin/node
 * ~/bin/node`, which resolves to .../ssdp-meta/node): running it would start node with that env's
 * preload instead of this one's, and its pid guard would take our exec for a loop (tester s16
 * try13t T1). So is this very file by any other name (a user's link, a hardlink), which it would
 * otherwise exec for ever; a copy, which no test of files can tell, is caught by its pid and path:
 * exec keeps the pid, so meeting our own pid in _SSDP_NODE_SHIM with this same file among the
 * shims it ran means this script started itself, while our pid with other files only is a shim
 * that exec'd us (a copy of another env's, say) and we may go on. A link from elsewhere finds the preload through readlink, and a
 * preload gone missing costs the env's packages, not node.
 * Under Node's permission model the preload is left out (it could not be read without an allow).
 */
/**
 * What both shims start with: `meta`, the env's ssdp-meta (beside the shim, or where a link to it
 * leads), and `plain` set when node runs under its permission model and must not get the preload.
 */
const PREAMBLE = `here=\${0%/*}
[ "$here" = "$0" ] && here=.
case $here in /*) ;; *) here=$PWD/$here ;; esac
case $here in */bin) meta=\${here%/bin}/ssdp-meta ;; *) meta=$here/../ssdp-meta ;; esac
if ! [ "$meta/node" -ef "$0" ]; then
  real=$(readlink -f -- "$0" 2>/dev/null) && meta=\${real%/*}
fi
# Node's permission model refuses to read a preload the user did not allow: such a run gets the
# env's packages through NODE_OPTIONS (ssdp run, activation), as before the shim. Only node's own
# options say so, not the script's (a CLI with a --permission option of its own kept no packages,
# tester s16 try13t T3): the scan stops at the script name, stepping over the values of the
# options that take one.
plain=
case " \${NODE_OPTIONS:-} " in *" --experimental-permission "*|*" --permission "*) plain=1 ;; esac
value= loaders=
for a in "$@"; do
  if [ -n "$value" ]; then value=; continue; fi
  case $a in
    --experimental-permission|--permission) plain=1; break ;;
    --loader|--experimental-loader|--loader=*|--experimental-loader=*) loaders=1; case $a in *=*) ;; *) value=1 ;; esac ;;
    -e|-p|-pe|--eval|--print|-r|--require|--import|-C|--conditions|--input-type|--title|--env-file|--test-name-pattern|--test-reporter|--test-reporter-destination|--watch-path) value=1 ;;
    --|-) break ;;
    -*) ;;
    *) break ;;
  esac
done
`;

/**
 * Sets \`pre\` to the preload option, or leaves it empty: under the permission model, or when the
 * preload is missing (the env's packages are lost, not node). A preload that is not the text ssdp
 * wrote (truncated by an interrupted copy, replaced by an editor) stops here with its
 * name and the repair, instead of Node's stack from inside it for every node of the env (tester
 * s16 try13t T13); a hook it names that is gone is said here, once per command rather than once
 * per node process (U3). The env's lib/node_modules joins NODE_PATH before node starts, as the preload
 * would: a \`--require PKG\` in NODE_OPTIONS (a test runner's \`-r ts-node/register\` for its
 * workers) is loaded before any command-line preload and found the env's packages only so (T12).
 */
/** A word the shell reads as exactly `text`. */
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

const choosePreload = (text: string) => `${RELAY_LOADERS}pre=
if [ -f "$meta/${NODE_PRELOAD}" ] && [ -z "$plain" ]; then
  got= line=
  while IFS= read -r line; do got="$got$line
"; done < "$meta/${NODE_PRELOAD}"
  if [ "$got" != ${shellQuote(text)} ]; then
    echo "ssdp: $meta/${NODE_PRELOAD} is damaged (it is not the preload ssdp wrote for this env); run ssdp clean --verify, which writes it again" >&2
    exit 1
  fi
  pre=--require=$meta/${NODE_PRELOAD}
  [ -f ${shellQuote(HOOK_FILE)} ] || echo "ssdp: the import hook this env was made with is gone ("${shellQuote(HOOK_FILE)}": the ssdp that made it moved or was removed), so import() of its packages fails; run ssdp clean --verify with the ssdp you use now, which points the env at its own hook" >&2
  lib=\${meta%/*}/lib/node_modules
  case :\${NODE_PATH:-}: in *":$lib:"*) ;; *) NODE_PATH=\${NODE_PATH:+$NODE_PATH:}$lib; export NODE_PATH ;; esac
${RELAY_ARGS}fi
`;

/**
 * \`--loader PKG\` / \`--experimental-loader=PKG\` naming an env package (\`node --loader ts-node/esm
 * x.ts\`): Node resolves it in its hooks thread from the current folder, before any hook of the
 * env's can serve it, so it was not found (tester s16 try13t T7). Such an option becomes an
 * \`--import\` of a data: module that registers the loader from the env's lib/node_modules, the
 * form Node's docs give for --loader (\`register(PKG, parentURL)\`); run before the main script as a
 * --loader is. A package the project's own node_modules has (above the current folder), a path or
 * a URL is left as it is. _SSDP_LOADER_FROM carries the folder, so no path is quoted into the URL.
 * Only when a loader option is there does the shim rebuild its arguments (a loop over them). A
 * loader in NODE_OPTIONS is relayed the same way (the README's --import workaround was needed
 * before), unless NODE_OPTIONS quotes a word, which a split at blanks would break: then it stays.
 */
const RELAY_LOADERS = `relay() {
  r=$1
  case $1 in ''|.*|/*|*[!@A-Za-z0-9._/~-]*) return ;; esac
  case $1 in @*) rest=\${1#*/}; p=\${1%%/*}/\${rest%%/*} ;; *) p=\${1%%/*} ;; esac
  [ -d "$lib/$p" ] || return
  d=$PWD
  while [ -n "$d" ]; do [ -d "$d/node_modules/$p" ] && return; d=\${d%/*}; done
  r="data:text/javascript,import{register}from'node:module';import{pathToFileURL}from'node:url';register('$1',pathToFileURL(process.env._SSDP_LOADER_FROM+'/_'))"
  _SSDP_LOADER_FROM=$lib; export _SSDP_LOADER_FROM
}
`;

/** Rebuilds "$@" with the loader options relayed (top level: a function has its own "$@"). */
const RELAY_ARGS = `if [ -n "$loaders" ]; then
  n=$# value= held= done=
  while [ "$n" -gt 0 ]; do
    a=$1; shift; n=$((n - 1))
    if [ -n "$done" ]; then set -- "$@" "$a"; continue; fi
    if [ -n "$held" ]; then
      relay "$a"
      if [ "$r" = "$a" ]; then set -- "$@" "$held" "$a"; else set -- "$@" --import "$r"; fi
      held=; continue
    fi
    if [ -n "$value" ]; then value=; set -- "$@" "$a"; continue; fi
    case $a in
      --loader|--experimental-loader) held=$a; continue ;;
      --loader=*|--experimental-loader=*) relay "\${a#*=}"; [ "$r" = "\${a#*=}" ] || a=--import=$r ;;
      -e|-p|-pe|--eval|--print|-r|--require|--import|-C|--conditions|--input-type|--title|--env-file|--test-name-pattern|--test-reporter|--test-reporter-destination|--watch-path) value=1 ;;
      --|-) done=1 ;;
      -*) ;;
      *) done=1 ;;
    esac
    set -- "$@" "$a"
  done
  [ -z "$held" ] || set -- "$@" "$held"
fi
case " \${NODE_OPTIONS:-} " in
  *" --loader"*|*" --experimental-loader"*)
    # The same for NODE_OPTIONS' own (children inherit it), unless it quotes a word: split at blanks.
    case $NODE_OPTIONS in *'"'*) ;; *)
      set -f
      opts= held=
      for w in $NODE_OPTIONS; do
        if [ -n "$held" ]; then
          relay "$w"
          if [ "$r" = "$w" ]; then opts="$opts $held $w"; else opts="$opts --import=$r"; fi
          held=; continue
        fi
        case $w in
          --loader|--experimental-loader) held=$w; continue ;;
          --loader=*|--experimental-loader=*) relay "\${w#*=}"; [ "$r" = "\${w#*=}" ] || w=--import=$r ;;
        esac
        opts="$opts $w"
      done
      [ -z "$held" ] || opts="$opts $held"
      NODE_OPTIONS=\${opts# }; export NODE_OPTIONS ;;
    esac ;;
esac
`;

/**
 * The shim of an env that pins node: the binary beside it (found as the other shim finds its
 * preload), never one on PATH.
 */
const PINNED_SHIM = (preloadText: string) => `#!/bin/sh
# This env's node, written by ssdp (src/env/node-shim.ts): the env's pinned node (ssdp-meta/${PINNED_NODE}),
# started with the env's preload so that its packages reach import and require whatever NODE_OPTIONS
# or NODE_PATH the command sets, and in children started with an environment of their own.
${PREAMBLE}${choosePreload(preloadText)}exec "$meta/${PINNED_NODE}" \${pre:+"$pre"} "$@"
`;

const SHIM = (preloadText: string) => `#!/bin/sh
# This env's node, written by ssdp (src/env/node-shim.ts): the next node on PATH, started with the
# env's preload so that its packages reach import and require whatever NODE_OPTIONS or NODE_PATH
# the command sets, and in children started with an environment of their own.
# _SSDP_NODE_SHIM: our pid, then each shim file this pid has run, a line each (exec keeps the pid).
nl='
'
set -f
case \${_SSDP_NODE_SHIM:-} in
  "$$$nl"*)
    IFS=$nl
    for f in \${_SSDP_NODE_SHIM#*"$nl"}; do
      if [ "$f" -ef "$0" ]; then
        echo "ssdp: $0 started itself again: it is a copy of an env's node shim, which runs the next node on PATH; remove the copy, or link to the env's bin/node instead" >&2
        exit 127
      fi
    done
    unset IFS ;;
  *) _SSDP_NODE_SHIM=$$ ;;
esac
_SSDP_NODE_SHIM=$_SSDP_NODE_SHIM$nl$0
export _SSDP_NODE_SHIM
${PREAMBLE}${choosePreload(preloadText)}IFS=:
for d in $PATH; do
  [ -n "$d" ] || d=.
  if [ -f "$d/node" ] && [ -x "$d/node" ] && ! [ "$d/node" -ef "$0" ] && ! [ "$d/node" -ef "$d/../ssdp-meta/node" ]; then
    if [ -L "$d/node" ]; then
      case $(readlink -f -- "$d/node" 2>/dev/null) in */ssdp-meta/node) continue ;; esac
    fi
    exec "$d/node" \${pre:+"$pre"} "$@"
  fi
done
echo "ssdp: no node on PATH besides this env's own ($0): install Node.js, or pin one in the env (ssdp install -n ENV node=22)" >&2
exit 127
`;

/**
 * CommonJS, preloaded by the shim: the env's lib/node_modules joins NODE_PATH (after the user's
 * own folders) for require, and the import hook of the ssdp that wrote it (esm-hook.cts) serves
 * it to import. Should that ssdp have moved since, require keeps working, and the shim says
 * that import of the env's packages needs \`ssdp clean --verify\`, which writes it again for the
 * ssdp run now (tester s17 try13u U3: it said nothing, and no command noticed). The shim compares it with this text
 * before preloading it (choosePreload).
 */
function preload(): string {
  // Short on purpose: the shim reads it a byte at a time (dash's read) on every node start, ~1.6 µs
  // a byte (1,109 bytes were ~1.8 ms of CPU). The shim says when the hook is gone (choosePreload).
  return `'use strict'; // by ssdp (src/env/node-shim.ts); bin/node checks it is this very text
const p = require('node:path'), f = p.join(__dirname, '../../lib/node_modules'), o = (process.env.NODE_PATH || '').split(p.delimiter).filter(Boolean);
if (!o.some((d) => p.resolve(d) === f)) { process.env.NODE_PATH = [...o, f].join(p.delimiter); require('node:module')._initPaths(); }
let h; try { h = require(${JSON.stringify(HOOK_FILE)}); } catch (e) { if (!e || e.code !== 'MODULE_NOT_FOUND') throw e; }
if (h && typeof h.useFolders === 'function') h.useFolders([f]);
`;
}

/** Both files as ssdp writes them for an env (pinned: the shim starts ssdp-meta/node-bin). */
export function nodeShimFiles(pinned: boolean): { [NODE_SHIM]: string; [NODE_PRELOAD]: string } {
  const text = preload();
  return { [NODE_SHIM]: pinned ? PINNED_SHIM(text) : SHIM(text), [NODE_PRELOAD]: text };
}

/**
 * Writes the shim into a prefix being built (`pinned`: the env's pinned binary is at
 * ssdp-meta/node-bin). No package's bin is named node: linkBins keeps the name for it (nodeBinOwner).
 */
export function writeNodeShim(prefix: string, pinned = false): void {
  const layout = prefixLayout(prefix);
  mkdirSync(layout.meta, { recursive: true });
  const files = nodeShimFiles(pinned);
  writeFileSync(join(layout.meta, NODE_SHIM), files[NODE_SHIM], { mode: 0o755 });
  mkdirSync(dirname(join(layout.meta, NODE_PRELOAD)), { recursive: true });
  writeFileSync(join(layout.meta, NODE_PRELOAD), files[NODE_PRELOAD]);
  symlinkSync(NODE_SHIM_LINK, join(layout.bin, 'node'));
}
