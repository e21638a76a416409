/**
 * The env a workflow runs in, made ready the way pixi does it: created when missing, updated
 * when its spec file changed since the last run, left alone otherwise (no registry traffic).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SsdpError } from '../util/errors.js';
import type { Reporter } from '../util/reporter.js';
import { prefixLayout, readEnvState, resolveRoot, rootLayout } from '../env/prefix.js';
import type { WorkflowSpec } from './types.js';

export interface WorkflowEnv {
  name: string;
  prefix: string;
  /** The env's own node when it pins one, else the node running ssdp. */
  node: string;
  env: NodeJS.ProcessEnv;
}

const CLI_ENTRY = fileURLToPath(new URL('../cli/entry.js', import.meta.url));

function ssdp(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI_ENTRY, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    throw new SsdpError('E_WORKFLOW_ENV', `Could not prepare the workflow's env: 'ssdp ${args.join(' ')}' failed (exit ${r.status ?? r.signal}).`, {
      hint: 'The message above says why; fix the env spec or run that command yourself.',
    });
  }
}

export async function prepareWorkflowEnv(
  spec: WorkflowSpec,
  opts: { root?: string; offline?: boolean; reporter: Reporter },
): Promise<WorkflowEnv> {
  const specFile = resolve(spec.root, spec.env!);
  let text: string;
  try {
    text = readFileSync(specFile, 'utf8');
  } catch (e) {
    throw new SsdpError('E_WORKFLOW_ENV', `${spec.file}: env '${spec.env}' names no readable file (${specFile}).`, { cause: e });
  }
  const name = String((parse(text) as { name?: unknown } | null)?.name ?? '');
  if (!name) throw new SsdpError('E_WORKFLOW_ENV', `${specFile}: the env spec needs a 'name' for the workflow to run in.`);
  const root = resolveRoot(opts.root);
  const prefix = join(rootLayout(root).envs, name);
  const hash = createHash('sha256').update(text).digest('hex');
  const stampFile = join(spec.root, '.ssdp', 'env-stamp.json');
  const stamp = existsSync(stampFile) ? (JSON.parse(readFileSync(stampFile, 'utf8')) as { prefix?: string; hash?: string }) : {};
  const common = ['--root', root, ...(opts.offline ? ['--offline'] : [])];
  const state = readEnvState(prefix);
  if (!state) {
    opts.reporter.info(`creating env ${name} from ${spec.env}`);
    ssdp(['env', 'create', '-f', specFile, ...common]);
  } else if (stamp.prefix !== prefix || stamp.hash !== hash) {
    opts.reporter.info(`updating env ${name}: ${spec.env} changed`);
    ssdp(['env', 'update', '-f', specFile, '--prune', ...common]);
  }
  mkdirSync(join(spec.root, '.ssdp'), { recursive: true });
  writeFileSync(`${stampFile}.tmp`, JSON.stringify({ prefix, hash }));
  renameSync(`${stampFile}.tmp`, stampFile);

  const { envProcessEnv } = await import('../env/index.js');
  const layout = prefixLayout(prefix);
  const envNode = join(layout.bin, 'node');
  return { name, prefix, node: existsSync(envNode) ? envNode : process.execPath, env: envProcessEnv(prefix, process.env) };
}
