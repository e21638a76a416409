/**
 * Request parsing: users write conda match specs (`node=22`, `name>=1,<2`, `name 1.2.*`) in env
 * files and npm specs (`@scope/pkg@^4`) on command lines; both become one name + semver range so
 * the resolver only ever sees semver.
 */
import { homedir } from 'node:os';
import { resolve as pathResolve } from 'node:path';
import semver from 'semver';
import { maskedUrl, SsdpError } from '../util/errors.js';
import type { Request } from './types.js';

const HINT =
  'write a conda match spec (name, name=1.2, name==1.2.3, name>=1,<2, "name 1.2.*") or an npm spec (name@^1.2, @scope/name@1)';

/** npm's name rules (legacy uppercase names still exist on the registry, so they pass). */
const NAME = /^(?:@[a-zA-Z0-9-*~][a-zA-Z0-9-*._~]*\/)?[a-zA-Z0-9-~][a-zA-Z0-9-._~]*$/;
const DIST_TAG = /^[a-zA-Z][a-zA-Z0-9._-]*$/;

function bad(raw: string, why: string): SsdpError {
  return new SsdpError('E_BAD_SPEC', `bad package spec '${raw}': ${why}`, { hint: HINT });
}

export function isValidPackageName(name: string): boolean {
  // node_modules and favicon.ico: npm's own blacklist (a folder node_modules/node_modules would
  // shadow the tree; the s13 tester's R5).
  return name.length > 0 && name.length <= 214 && NAME.test(name) && !name.startsWith('.') && !name.startsWith('_') && name !== 'node_modules' && name !== 'favicon.ico';
}

function checkName(raw: string, name: string): void {
  if (!name) throw bad(raw, 'no package name');
  if (!isValidPackageName(name)) throw bad(raw, `'${name}' is not a valid package name`);
}

/**
 * Specs pacote fetches instead of the registry: git, tarball URLs, file: folders and tarballs
 * (also as `name@SPEC`). `./x`, `../x`, `/x` are npm's shorthand for file:.
 */
const SOURCE = /^(git\+(https?|ssh):\/\/|git\+file:|git:\/\/|(github|gitlab|bitbucket):|https?:\/\/|file:|\.\.?\/|\/|[A-Za-z0-9][\w.-]*\/[\w.-]+(#|$))/;

/**
 * An scp-like git URL, the form a host's "Clone with SSH" button gives (`git@github.com:user/repo.git`):
 * USER@HOST.DOMAIN:PATH. npm reads it as git over ssh, as git itself does (tester s18 try13v V7).
 */
const SCP_GIT = /^[A-Za-z0-9._~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+:(?!\/)\S+$/;

/** The scp-like git URL as the git+ssh:// spec npm saves it as (`git+ssh://git@host:user/repo.git`), else the spec as given. */
export function scpGitSpec(spec: string): string {
  return SCP_GIT.test(spec) ? `git+ssh://${spec}` : spec;
}

/** `git+ssh://USER@HOST:PATH` (a path after the colon, not a port): the scp-like form, which no URL parser reads. */
export const SCP_GIT_URL = /^git\+ssh:\/\/([^/@\s]+@)?([^/:@\s]+):(?!\d*(\/|#|$))([^#\s]+)/;
const SOURCE_HINT = "write git+file:///path/repo#tag, git+https://host/repo.git#ref (a ref is a tag, branch, commit or semver:RANGE), github:user/repo#ref or user/repo, https://host/pkg.tgz, file:./folder or file:./pkg.tgz";

/** Whether a URL holds the *** an export writes in place of a token or password (env/export.ts). */
export function holdsMaskedSecret(url: string): boolean {
  return /(?:\/\/|:)\*\*\*@|=\*\*\*(?:&|#|$)/.test(url);
}

export function isSourceSpec(text: string): boolean {
  return SOURCE.test(text.trim()) || SCP_GIT.test(text.trim()) || FILE_SHORTHAND.test(text.trim());
}

/**
 * npm-package-arg's other file forms: `~/folder` (the home folder's) and a bare `pkg-1.0.0.tgz`
 * (.tar.gz, .tar) in the current folder; they were refused or asked of the registry (s18 try13v V3).
 */
const FILE_SHORTHAND = /^~\/|^[^@:/\\\s][^@:/\\]*\.(tgz|tar\.gz|tar)$/i;

function splitNamed(text: string): { name?: string; spec: string } {
  const at = text.indexOf('@', text.startsWith('@') ? 1 : 0);
  if (at > 0 && isSourceSpec(text.slice(at + 1)) && !isSourceSpec(text)) return { name: text.slice(0, at), spec: fileForm(text.slice(at + 1)) };
  return { spec: fileForm(text) };
}

/** The file: spec npm reads a shorthand as; any other spec as given. */
function fileForm(spec: string): string {
  return FILE_SHORTHAND.test(spec) ? `file:${/^~\//.test(spec) ? '' : './'}${spec}` : spec;
}

/**
 * A source spec's folder or tarball made absolute, so the lock and the env's history name one place.
 * `base` may be a function: read only for a relative path (the current folder may be deleted).
 */
export function absoluteSource(raw: string, base: string | (() => string)): string {
  // `.` and `..` alone are folders, as npm reads them (`npm install -g .`): no package has such a name.
  const text = /^\.\.?$/.test(raw.trim()) ? `${raw.trim()}/` : raw.trim();
  const { name, spec } = splitNamed(text);
  if (!isSourceSpec(spec)) return raw;
  const path = spec.startsWith('file:') ? spec.slice(5) : /^\.\.?\/|^\//.test(spec) ? spec : undefined;
  if (path === undefined || path.startsWith('//')) return raw;
  // `file:~/pkg` is the home folder's, as npm reads it: no shell or YAML expands ~ after file:.
  const abs = `file:${/^~(\/|$)/.test(path) ? pathResolve(homedir(), path.slice(2)) : pathResolve(typeof base === 'string' ? base : base(), path)}`;
  return name ? `${name}@${abs}` : abs;
}

function parseSource(raw: string, name: string | undefined, written: string): Request {
  if (name !== undefined) checkName(raw, name);
  const spec = scpGitSpec(written);
  const fail = (why: string) => new SsdpError('E_BAD_SOURCE_SPEC', `bad package spec '${raw}': ${why}`, { hint: SOURCE_HINT });
  // Only a #semver: range (`#semver:>=1.2 <2`) and a local path (a folder named `x y`, or any
  // path under one, as ./pkg becomes absolute) may hold spaces; a URL writes them as %20.
  const local = /^(file:(?!\/\/)|\.\.?\/|\/)/.test(spec);
  if (!local && /\s/.test(spec.replace(/#semver:.*$/, ''))) throw fail('it contains spaces (a URL writes them as %20)');
  // A git spec's #fragment: a ref, `semver:RANGE` and `path:DIR`, joined by '::' (npm's form).
  // A ref starting with '-' would reach git as an option, and an unknown key was ignored, the
  // package installed without it (tester s16 try13t MIN).
  const hash = spec.indexOf('#');
  if (!local && hash >= 0 && /^(git\+|git:|github:|gitlab:|bitbucket:)|^[^:#]*\/[^:#]*#/.test(spec)) {
    for (const part of spec.slice(hash + 1).split('::')) {
      if (part.startsWith('-')) throw fail(`the ref '${part}' starts with '-', which git would read as an option`);
      const key = /^([A-Za-z]+):/.exec(part)?.[1];
      if (key !== undefined && key !== 'semver' && key !== 'path') throw fail(`'${key}:' is not a key of a git spec's #fragment: its parts are a ref, semver:RANGE and path:DIR, joined by '::'`);
    }
  }
  if (/^(github|gitlab|bitbucket):|^[^:]*\/[^:]*$/.test(spec) && !/^(\.\.?\/|\/)/.test(spec)) {
    if (!/^((github|gitlab|bitbucket):)?[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+(#.+)?$/.test(spec)) throw fail('a hosted git spec is github:USER/REPO, USER/REPO, or either with #REF');
  } else if (SCP_GIT_URL.test(spec)) {
    // git+ssh://git@host:user/repo.git: git reads it; a URL parser takes user/repo for a port.
  } else if (/^(git\+|git:|https?:)/.test(spec)) {
    // A URL parser reads git+file:repo as /repo and git+file://repo as the host "repo": a relative
    // path is said as such, with the absolute URL it meant (try13u U4: "not a valid package name").
    if (/^git\+file:/.test(spec) && !/^git\+file:\/\/(localhost)?\//.test(spec)) {
      const path = spec.slice('git+file:'.length).replace(/^\/\//, '').replace(/#.*$/, '');
      const ref = hash >= 0 ? spec.slice(hash) : '';
      // Named as a relative path is written: `./r` and `../r` as they are, not `././r` (try13v).
      const shown = /^\.\.?(\/|$)/.test(path) ? path : `./${path}`;
      throw fail(`a git+file: URL names its repository by absolute path, with three slashes: git+file://${pathResolve(path)}${ref} (for ${shown} here)`);
    }
    let u: URL;
    try {
      u = new URL(spec.replace(/^git\+/, ''));
    } catch {
      throw fail('it is not a URL');
    }
    if (u.protocol !== 'file:' && !u.host) throw fail('the URL has no host');
    // An export writes a URL's secret as *** (env/export.ts): fetching with it would only be refused.
    if (holdsMaskedSecret(spec)) {
      throw new SsdpError('E_BAD_SOURCE_SPEC', `bad package spec '${raw.trim()}': it holds *** where an export left out a secret (a token or password); nothing was changed`, {
        hint: 'Write the secret back in place of *** in the spec file or command line, or serve the package from a registry whose token is in .npmrc (//HOST/:_authToken=...).',
      });
    }
    if (/^https?:/.test(spec) && (u.username || u.password)) {
      // fetch refuses such URLs; said at once, without the password (a log or CI output keeps it).
      const shown = maskedUrl(raw.trim());
      throw new SsdpError('E_BAD_SOURCE_SPEC', `bad package spec '${shown}': a user name or password in a tarball URL is not supported; nothing was changed`, {
        hint: 'Serve the tarball where no password is needed, or publish it to a registry whose token is in .npmrc (//HOST/:_authToken=...); a git+https:// URL may keep its credentials, git reads them.',
      });
    }
    if (u.protocol === 'file:' && !u.pathname) throw fail('the URL has no path');
  } else if (spec === 'file:' || spec === 'file:.') {
    throw fail('file: needs a folder or a .tgz');
  }
  // Keyed by the spec itself until pacote reads the package's name.
  return { name: name ?? spec, range: '*', raw: raw.trim(), source: spec };
}

export function parseRequest(raw: string): Request {
  const text = raw.trim();
  if (!text) throw bad(raw, 'it is empty');
  const named = splitNamed(text);
  if (isSourceSpec(named.spec)) return parseSource(raw, named.name, named.spec);
  // `HTTP://host/x.tgz`, `GIT+FILE:///repo`: a URL whose scheme is not in lower case was read as
  // a package name and refused with a hint about name specs (tester s19 try13x X6); npm takes
  // them. Named as a URL at least, with the spelling ssdp reads.
  const scheme = /^((?:@[^/@]+\/)?[^/@:]+@)?([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  if (scheme && scheme[2] !== scheme[2]!.toLowerCase()) {
    const lower = `${scheme[1] ?? ''}${scheme[2]!.toLowerCase()}${text.slice(scheme[0].length - 1)}`;
    const again = splitNamed(lower);
    if (isSourceSpec(again.spec)) {
      throw new SsdpError('E_BAD_SPEC', `bad package spec '${raw}': it is a URL with its scheme in upper case, which ssdp reads in lower case only`, {
        hint: `Write the scheme in lower case: ${lower}`,
      });
    }
  }
  // Strip an explicit `npm::` channel qualifier, as conda allows `channel::name`.
  const spec = text.startsWith('npm::') ? text.slice(5) : text;
  if (spec.includes('::')) throw bad(raw, 'channel-qualified specs other than npm:: are not supported');
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at > 0 ? parseNpm(raw, spec, at) : parseConda(raw, spec);
}

function parseNpm(raw: string, spec: string, at: number): Request {
  const name = spec.slice(0, at);
  const range = spec.slice(at + 1).trim();
  checkName(raw, name);
  if (!range) throw bad(raw, `nothing after '@' (give a version range such as ${name}@^1, or just ${name})`);
  if (range.startsWith('npm:')) return parseAlias(raw, name, range.slice(4).trim());
  if (/^(git\+|git:|github:|file:|link:|https?:|workspace:)/.test(range) || range.includes('/')) {
    throw bad(raw, 'link: and workspace: specs are not supported (git, URL, file: and npm: alias specs are)');
  }
  checkRange(raw, range);
  return { name, range, raw: raw.trim() };
}

function checkRange(raw: string, range: string): void {
  if (semver.validRange(range) === null && !DIST_TAG.test(range)) {
    throw bad(raw, `'${range}' is neither a semver range nor a dist-tag`);
  }
}

/** `foo@npm:bar@^1`: the registry package bar installed in the folder foo, as npm does. */
function parseAlias(raw: string, name: string, target: string): Request {
  const at = target.indexOf('@', target.startsWith('@') ? 1 : 0);
  const pkg = at > 0 ? target.slice(0, at) : target;
  const range = at > 0 ? target.slice(at + 1).trim() || '*' : '*';
  if (!pkg) throw bad(raw, `npm: names no package (write ${name}@npm:PACKAGE@RANGE)`);
  checkName(raw, pkg);
  checkRange(raw, range);
  return { name, pkg, range, raw: raw.trim() };
}

function parseConda(raw: string, spec: string): Request {
  const m = spec.match(/^([^\s=<>!~,|]+)\s*(.*)$/);
  if (!m) throw bad(raw, 'no package name');
  const name = m[1]!;
  checkName(raw, name);
  const rest = m[2]!.trim();
  if (!rest) return { name, range: '*', raw: raw.trim() };
  if (/^=[^=]/.test(rest) && rest.slice(1).includes('=')) throw bad(raw, 'conda build strings (name=1.2=build) have no meaning for npm packages');
  const range = condaConstraint(raw, rest);
  if (semver.validRange(range) === null) throw bad(raw, `'${rest}' is not a version constraint ssdp understands`);
  return { name, range, raw: raw.trim() };
}

/** `,` binds tighter than `|` in conda; `!=` becomes an OR, so clauses multiply out. */
function condaConstraint(raw: string, text: string): string {
  const alternatives: string[] = [];
  for (const alt of text.split('|')) {
    let product: string[] = [''];
    for (const clauseText of alt.split(',')) {
      const clause = clauseText.trim();
      if (!clause) throw bad(raw, `empty clause in '${text}'`);
      const options = condaClause(raw, clause);
      product = product.flatMap((p) => options.map((o) => (p ? `${p} ${o}` : o)));
    }
    alternatives.push(...product);
  }
  return alternatives.join(' || ');
}

function numericParts(raw: string, v: string): string[] {
  const parts = v.split('.');
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) throw bad(raw, `'${v}' is not a version`);
  return parts;
}

function exact(raw: string, v: string): string {
  if (semver.valid(v)) return v;
  const parts = numericParts(raw, v);
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** conda's `=1.2` and `1.2` are prefix matches (1.2.*); three parts are exact. */
function fuzzy(raw: string, v: string): string {
  if (v === '*' || v === '') return '*';
  const stripped = v.replace(/\.?\*$/, '');
  if (semver.valid(stripped)) return stripped;
  return numericParts(raw, stripped).join('.') + (numericParts(raw, stripped).length < 3 ? '.x' : '');
}

function condaClause(raw: string, clause: string): string[] {
  const m = clause.match(/^(==|=|>=|<=|>|<|!=|~=)?\s*(.*)$/)!;
  const op = m[1] ?? '';
  const v = m[2]!.trim();
  if (!v) throw bad(raw, `'${clause}' has no version`);
  switch (op) {
    case '':
    case '=':
      return [fuzzy(raw, v)];
    case '==':
      return [exact(raw, v.replace(/\.\*$/, ''))];
    case '!=': {
      const e = exact(raw, v);
      return [`<${e}`, `>${e}`];
    }
    case '~=': {
      const parts = numericParts(raw, v).map(Number);
      if (parts.length < 2) throw bad(raw, `'~=' needs at least two version parts`);
      const upper = parts.length === 2 ? `${parts[0]! + 1}.0.0-0` : `${parts[0]}.${parts[1]! + 1}.0-0`;
      return [`>=${exact(raw, v)} <${upper}`];
    }
    default:
      if (v.includes('*')) throw bad(raw, `'${clause}': wildcards only go with = or a bare version`);
      if (!semver.valid(v)) numericParts(raw, v);
      return [`${op}${v}`];
  }
}
