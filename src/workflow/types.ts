/**
 * The workflow contract. Glossary:
 * - workflow file: `ssdp.yaml` at a project root: the env its tasks run in, parameters with
 *   defaults, and named tasks.
 * - task: a named step with `depends_on`, and either `cmd` (a shell command) or `function`
 *   (`MODULE#EXPORT`, an exported function; `ssdp:AREA#EXPORT` names one of ssdp's own).
 * - instance: one concrete run of a task; a task with `foreach` expands into one instance per
 *   value (e.g. one per day), named `task[value]`.
 * - stamp: what a finished instance leaves behind (fingerprint, input/output stats, result) so
 *   the next run can skip it.
 */
import type { ClusterSettings } from '../cluster/config.js';

export interface TaskSpec {
  name: string;
  description?: string;
  dependsOn: string[];
  cmd?: string;
  function?: string;
  /** Arguments for a function task; strings are templates. */
  args?: unknown;
  inputs: string[];
  outputs: string[];
  /** FILE:LINE:COL of each entry of `outputs`, for the check of where an output may be (output-place.ts). */
  outputsWhere?: string[];
  /** One variable expanded over a list: the expression is a YAML list or `dates(START, N)`, `range(A, B)`, `a,b,c`. */
  foreach?: { variable: string; values: string | string[] };
  /** FILE:LINE:COL of the task, for errors found after parsing. */
  where: string;
  /** FILE:LINE:COL of a place in `cmd` (an offset into it), for errors about one `${...}` of it. */
  cmdAt?: (offset: number) => string;
}

export interface WorkflowSpec {
  file: string;
  /** The folder holding the workflow file; relative paths in it are relative to this. */
  root: string;
  /** Env spec file (relative to root) the tasks run in. */
  env?: string;
  /** Parameter defaults, as written in the file. */
  params: Record<string, string>;
  /** Environment variable a parameter declares (`env:`), read before SSDP_PARAM_<NAME>. */
  paramEnv: Record<string, string>;
  tasks: Map<string, TaskSpec>;
  /** Settings for `--cluster slurm` (the `cluster:` block). */
  cluster?: ClusterSettings;
}

export interface TaskInstance {
  id: string;
  task: string;
  /** Params and foreach variables in effect. */
  vars: Record<string, string>;
  cmd?: string;
  function?: string;
  args?: unknown;
  /** Absolute paths. */
  inputs: string[];
  outputs: string[];
  /** Instance ids this one needs. */
  deps: string[];
  /** Hash of everything that defines the instance; a change means it runs again. */
  fingerprint: string;
  /**
   * Part of the fingerprint, kept apart so a stamp can say which part changed (and stamps from
   * before it existed can be upgraded): the identity of the workflow env the step runs in, null
   * for none, undefined when not known (a dry run before the env is made) or for a group.
   */
  env?: string | null;
}

/** What a function task receives besides its args. */
export interface TaskContext {
  id: string;
  /** Results of the instances this one depends on, grouped by task name, in instance order. */
  deps: Record<string, unknown[]>;
  params: Record<string, string>;
  /** The workflow root folder. */
  root: string;
  log(message: string): void;
  warn(message: string): void;
  /**
   * Leaves this step's outputs out on purpose (the radar pipeline's missing or unreadable day with
   * `on-missing: skip`): the run goes on instead of failing E_OUTPUT_MISSING, dependents get the
   * step's result, and the step stays done while its inputs are unchanged and its outputs absent.
   */
  skip(reason: string): void;
}
