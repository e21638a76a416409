/**
 * The `cluster:` block of ssdp.yaml: Slurm settings a workflow uses when run with
 * `--cluster slurm`, checked key by key with FILE:LINE:COL like the rest of the file.
 *
 *   cluster:
 *     slurm: { workers: 4, cpus: 8, memory: 16G, walltime: "2:00:00", partition: main, account: proj }
 */
import { isScalar } from 'yaml';
import { closest } from '../graph/options.js';
import { isSsdpError } from '../util/errors.js';
import { mapEntries, specError, where, type YamlSource } from '../util/yaml-source.js';
import { checkSlurmOptions, drainProblem, SLURM_KEYS, type SlurmOptions } from './slurm-options.js';

export interface ClusterSettings {
  slurm?: SlurmOptions;
  /** Where each slurm: setting is written (FILE:LINE:COL), for messages about a value Slurm refuses. */
  at?: Partial<Record<keyof SlurmOptions, string>>;
}

const CLUSTER_KEYS = ['slurm'];
const NUMBER_KEYS = new Set(['workers', 'cpus', 'drain']);

export function parseClusterBlock(src: YamlSource, node: unknown): ClusterSettings {
  const settings: ClusterSettings = {};
  for (const { key, keyNode, value } of mapEntries(src, node, "'cluster'")) {
    if (!CLUSTER_KEYS.includes(key)) {
      const near = closest(key, CLUSTER_KEYS);
      throw specError(src, keyNode, `'cluster' has an unknown key '${key}'.`, `${near ? `Did you mean '${near}'? ` : ''}'cluster' takes: ${CLUSTER_KEYS.join(', ')}.`);
    }
    const slurm: Record<string, unknown> = {};
    let walltimeNode: unknown;
    for (const e of mapEntries(src, value, "'cluster.slurm'")) {
      const raw = isScalar(e.value) ? e.value.value : undefined;
      const known = (SLURM_KEYS as readonly string[]).includes(e.key);
      if (known && (raw === undefined || raw === null || typeof raw === 'object')) throw specError(src, e.value ?? e.keyNode, `'cluster.slurm.${e.key}' must be a single value.`);
      const v = NUMBER_KEYS.has(e.key) ? raw : String(raw);
      // The same check as slurm({...}), one key at a time so the error points at its line.
      try {
        checkSlurmOptions({ [e.key]: v }, "'cluster.slurm'", undefined, false);
      } catch (err) {
        if (!isSsdpError(err)) throw err;
        throw specError(src, known ? e.value : e.keyNode, err.message.replace(/^'cluster.slurm': /, ''), err.hint);
      }
      slurm[e.key] = v;
      (settings.at ??= {})[e.key as keyof SlurmOptions] = where(src, e.keyNode);
      if (e.key === 'walltime') walltimeNode = e.value;
    }
    const drain = drainProblem(slurm as SlurmOptions);
    if (drain) throw specError(src, walltimeNode, drain, 'Give a longer walltime, or a smaller drain (seconds before the walltime the workers stop taking tasks).');
    settings.slurm = slurm as SlurmOptions;
  }
  return settings;
}
