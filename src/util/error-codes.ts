/**
 * Every error code ssdp reports, with what it means. Codes are stable: scripts and tests match on
 * them, so a code is never renamed or reused for another meaning. test/util/error-codes.test.ts
 * checks that every code thrown in src/ is listed here and that nothing listed is unused: add a
 * line here in the same commit as a new code.
 */
export const ERROR_CODES = {
  // Command line
  E_BAD_ARGS: 'the command line is malformed (wrong combination or shape of arguments, unknown command); exit 2',
  E_UNKNOWN_OPTION: 'an option the command does not have (usually a typo; the message suggests the right one); exit 2',
  E_BAD_ENV_SETTING: 'an SSDP_* environment variable (e.g. SSDP_FETCH_TIMEOUT) holds a value that is not allowed; exit 2',
  E_BAD_OPTION_VALUE: 'an option without its value, or with a value of the wrong type; exit 2',
  E_INTERNAL: 'an unexpected failure, i.e. a bug in ssdp (the message carries the stack)',

  // Env specs, targets and lifecycle
  E_BAD_SPEC: 'a spec file (environment.yml, ssdp.yaml) or a package spec cannot be read as written',
  E_BAD_DATE: 'a --before / before: date is not a date',
  E_BAD_ENV_NAME: 'an env name has characters or a shape that cannot be a folder name',
  E_SPEC_NOT_FOUND: 'the spec file given with -f does not exist',
  E_NO_ENV_GIVEN: 'the command needs an env and none was named (-n / -p) or active',
  E_ENV_NOT_FOUND: 'no ssdp env at the named place',
  E_ENV_EXISTS: 'creating an env where one already exists',
  E_ENV_ACTIVE: 'refusing to remove the env that is active in this shell',
  E_ENV_CORRUPT: "an env's ssdp-meta is damaged or missing",
  E_PREFIX_NOT_EMPTY: 'the folder for a new env already holds files',
  E_PREFIX_PROTECTED: 'an env may not go at (or around) the ssdp root, the store, $HOME or /',
  E_ENV_MOUNT_POINT: 'the env is a mount point or has a volume mounted inside it, so it cannot be replaced or removed safely',
  E_PREFIX_BAD_LINK: 'the env path is a symlink that points nowhere or to itself',
  E_ROOT_PROTECTED: 'the ssdp root may not be /, inside a store, or at or inside an env',
  E_PREFIX_NOT_A_FOLDER: '-p names something that is not a folder (a file, say)',
  E_ROOT_NOT_A_FOLDER: '--root or SSDP_ROOT names something that is not a folder (a file, say)',
  E_BAD_PREFIX: 'a -p path that cannot be expanded (~user forms)',
  E_PACKAGE_NOT_IN_ENV: 'removing or updating a package the env does not have',
  E_NO_SUCH_REVISION: 'install --revision N names a revision the env does not have',
  E_LOCK_OTHER_PLATFORM: 'a lockfile made on another OS/CPU cannot be installed here',
  E_LOCK_TIMEOUT: 'another ssdp process held a lock for too long',
  E_NOT_WRITABLE: 'the ssdp root (or its lock folder) is not writable',

  // Commands inside envs
  E_COMMAND_NOT_FOUND: 'ssdp run: the command is neither in the env nor on PATH (exit 127)',
  E_COMMAND_NOT_EXECUTABLE: 'ssdp run: the command exists but cannot be executed (exit 126)',

  // Resolving and the registry
  E_UNKNOWN_PACKAGE: 'the registry has no package of that name',
  E_NO_MATCHING_VERSION: 'no published version satisfies the requested range',
  E_UNSATISFIABLE: 'the requested packages cannot all be satisfied together',
  E_NO_NODE_FOR_PLATFORM: 'no Node.js runtime package for this OS/CPU at the requested version',
  E_BAD_CHANNEL: 'a channel / registry URL in the config or spec is not usable',
  E_REGISTRY_AUTH: 'the registry refused the request (401/403)',
  E_REGISTRY_HTTP: 'the registry answered with an unexpected HTTP status',
  E_REGISTRY_UNREACHABLE: 'the registry could not be reached',
  E_REGISTRY_STALLED: 'the registry (or a proxy) stopped sending data; SSDP_FETCH_TIMEOUT sets how long ssdp waits',
  E_REGISTRY_BAD_RESPONSE: 'the registry answered with something that is not package metadata (HTML, junk JSON)',
  E_OFFLINE_NO_METADATA: '--offline, and no cached metadata for a package',
  E_BAD_LOCKFILE: 'a lockfile is malformed',
  E_LOCKFILE_NOT_FOUND: 'the named lockfile does not exist',

  // Package store
  E_TARBALL_NOT_FOUND: 'the registry has no tarball at the URL the metadata or lock names',
  E_INTEGRITY: "a downloaded tarball's hash differs from the expected integrity",
  E_INTEGRITY_INVALID: 'an integrity string is not a valid SRI hash',
  E_BAD_ARCHIVE: 'a tarball is not a valid gzipped tar archive',
  E_UNSAFE_ARCHIVE: 'a tarball tries to write outside its own folder',
  E_LOCK_MISMATCH: "a lock entry's tarball holds another package (name/version in its package.json differ)",
  E_LOCK_UNTRUSTED_HOST: "a lock entry's resolved URL is not on the lock's registry or a configured one (SSDP_ALLOWED_HOSTS allows more)",
  E_LOCK_UNSAFE_PATH: 'a lock entry places a package outside lib/node_modules',
  E_NODE_BINARY_MISSING: 'the node runtime package has no bin/node',
  E_OFFLINE_MISSING: '--offline, and the store lacks packages the env needs',
  E_STORE_DAMAGED: 'a stored file was changed in place and --offline forbids fetching a clean copy',
  E_STORE_MISSING: 'a package expected in the store is not there',
  E_INSTALL_SCRIPT: "an allowed package's install script failed",

  // Shell integration
  E_SHELL_UNKNOWN: 'a shell ssdp has no integration for',
  E_SHELL_NO_HOOK: 'activate/deactivate called without the shell hook loaded',
  E_SHELL_NOT_ACTIVE: 'deactivate with no active env',
  E_SHELL_STATE: "the shell's activation variables are damaged",
  E_SHELL_PREFIX_COLON: 'an env path containing ":" cannot go on PATH',
  E_SHELL_RESERVED_VARIABLE: "an env's variables: sets a variable activation owns",

  // Workflows (ssdp.yaml)
  E_NO_WORKFLOW: 'no ssdp.yaml here or above, or the named one is missing',
  E_NO_TASK: 'ssdp run names no task, or a task the workflow does not have',
  E_BAD_PARAM: 'a --param or workflow parameter value is invalid',
  E_WORKFLOW_ENV: "the workflow's env: could not be prepared",
  E_TASK_COMMAND: 'a cmd: step exited non-zero',
  E_TASK_FUNCTION: 'a function: step names a function its module does not export',
  E_WORKFLOW_BUSY: 'another ssdp run holds the workflow (.ssdp/run.lock); --wait-lock waits for it',
  E_OUTPUT_NOT_OURS: 'a step would replace an existing file ssdp did not write (some of its outputs are missing)',
  E_OUTPUT_MISSING: 'a step finished without writing one of its declared outputs',
  E_RUN_INTERRUPTED: 'ssdp run was stopped by a signal; unfinished steps were moved aside (exit 128+signal)',

  // Task graph engine
  E_GRAPH_CYCLE: 'the task graph has a cycle',
  E_GRAPH_MISSING_KEY: 'a task depends on a key the graph does not have',
  E_FN_NOT_FOUND: 'a worker cannot find a task function by name in its module',
  E_FN_NOT_SHIPPABLE: 'a task function can be neither imported by workers nor sent as source',
  E_TASK_FAILED: 'a task threw (the message carries its own error and stack)',
  E_WORKER_DIED: 'a worker process exited while running tasks',
  E_COMPUTE_OPTION: 'compute/get got an unknown option or scheduler (the message suggests the right one)',
  E_DASHBOARD_PORT: 'the dashboard cannot serve on the port asked for (in use, or not a port number)',
  E_NO_DASHBOARD: 'client.performanceReport on a Client created without { dashboard }: nothing was recorded',
  E_DELAYED_OPERATOR: 'a Delayed placeholder was used with an operator (+, <, ...) instead of its methods',
  E_DELAYED_NOUT: 'delayed(f, { nout }) got an nout that is not a whole number of results',
  E_BAG_NO_FILES: 'bag.readText found no file for a path or glob',
  E_BAG_GZIP: 'bag.readText was given a .gz (or gzip) file that does not decompress',
  E_BAG_COMPRESSION: "bag.readText/toTextfiles got a compression other than 'infer', 'gzip' or null",
  E_BAG_TEXTFILES: 'toTextfiles got a path list of the wrong length or a pattern with several *',
  E_FUTURE_CANCELLED: 'the result of a future cancelled with client.cancel (or by client.close) was asked for',
  E_FUTURE_ARGS: 'client.submit/map was called without a function or without arguments to map over',
  E_CLIENT_CLOSED: 'a closed Client was asked to run futures',
  E_DELAYED_NOT_ITERABLE: 'a Delayed placeholder made without nout was destructured or iterated',
  E_MAIN_NOT_GUARDED: 'a script started a computation while a worker imported it for its task functions (no runsAsMain guard)',
  E_MODULE_STILL_RUNNING: 'a module awaiting a compute at top level refers to its own exports, which cannot be imported yet',
  E_RESULT_NOT_CLONEABLE: 'a task returned a value (a function, ...) that cannot be sent from a worker',
  E_VISUALIZE_OPTION: 'visualize got an unknown option (the message suggests the right one)',
  E_VISUALIZE_ARGUMENT: 'visualize got something that is not a placeholder or collection',
  E_VISUALIZE_PATH: 'visualize was given a filename in a folder that does not exist',
  E_VISUALIZE_FORMAT: 'visualize was asked for a format other than svg or dot',
  E_CANCELLED: 'the computation was cancelled (exit 130)',

  // Arrays
  E_ARRAY_ARGUMENT: 'an array function got an argument of the wrong kind',
  E_ARRAY_AXIS: 'an axis outside the array',
  E_ARRAY_BROADCAST: 'shapes that cannot be broadcast together',
  E_ARRAY_CHUNKS: 'chunk sizes that do not tile the shape',
  E_ARRAY_CHUNK_SHAPE: 'a delayed chunk returned another shape than promised',
  E_ARRAY_CHUNK_TYPE: 'a delayed chunk returned something that is not a typed array',
  E_ARRAY_DTYPE: 'an unsupported or mismatched dtype',
  E_ARRAY_EMPTY_REDUCTION: 'a reduction with no identity over zero elements',
  E_ARRAY_INDEX: 'an index or slice outside the array',
  E_ARRAY_SEED: 'a random seed that is not a non-negative integer',
  E_OPTION_UNKNOWN: 'an array or bag function got an option it does not have (the message suggests the right one)',
  E_ARRAY_SHAPE: 'an invalid shape, or values that do not fill it',

  // Radar pipeline and outputs
  E_RADAR_BAD_DATE: 'a month or day parameter is not a valid date',
  E_RADAR_BAD_DAYS: 'a days selection cannot be parsed',
  E_RADAR_BAD_OPTION: 'a radar option has an invalid value',
  E_RADAR_BAD_IMAGE: 'a radar image name or header is not of the SMHI composite shape',
  E_RADAR_BAD_TIFF: 'a radar GeoTIFF cannot be decoded',
  E_RADAR_BAD_ZIP: 'a radar day archive is damaged or not a zip of radar images',
  E_RADAR_BAD_PARTIAL: 'a processed-day file is damaged (interrupted run)',
  E_RADAR_DOWNLOAD: 'downloading a radar day failed',
  E_RADAR_NOT_FOUND: 'the radar archive has no data for that day',
  E_RADAR_EMPTY_DAY: 'a day archive holds no radar images',
  E_RADAR_MISSING_DAY: 'a day of the month is missing from the data folder',
  E_RADAR_NO_DATA_DIR: 'the radar data folder does not exist',
  E_RADAR_NO_DAYS: 'no days to process',
  E_RADAR_WRONG_DAY: 'a day archive holds images from another day',
  E_RADAR_MIXED_DAYS: "a day archive holds other days' images besides its own",
  E_RADAR_UNSUPPORTED_TIFF: 'a radar GeoTIFF is valid but in a layout ssdp does not read (compression, sample type)',
  E_RADAR_UNSUPPORTED_ZIP: 'a radar day archive is valid but uses a zip method ssdp does not read',
  E_RADAR_DATA_NOT_DIR: 'the radar data parameter names a file, not a folder',
  E_RADAR_NOT_SYNTHETIC: 'the synthetic source would replace a day archive that ssdp did not synthesise',
  E_RADAR_DUPLICATE_TIME: 'a day archive holds more than one image for a timestamp',
  E_RADAR_BAD_URL: 'the SMHI base URL is not an http(s) address',
  E_RADAR_BAD_GEOREF: "a radar image's GeoTIFF tags place it off SMHI's composite grid",
  E_OUTPUTS_INPUT: 'frames or statistics given to the output writer have the wrong shape',
  E_NPY_DTYPE: 'a .npy file has a dtype ssdp does not read or write',
  E_NPY_HEADER: 'a .npy header cannot be parsed',
  E_NPY_INVALID: 'a file is not a valid .npy array',
  E_NPY_SHAPE: 'a .npy array has an unexpected shape',

  // Scale-out launchers (src/cluster)
  E_NO_REDIS_SERVER: 'a private Redis was needed (no --broker given) and no redis-server program was found',
  E_REDIS_START: 'the private redis-server could not start or did not answer (address not of this machine, say)',
  E_NO_SLURM: '--cluster slurm was asked for and a Slurm command (sbatch, squeue, scancel) is not on PATH',
  E_SLURM: 'a Slurm command failed (sbatch rejected the settings, squeue/scancel could not reach slurmctld)',
  E_CLUSTER_OPTION: 'a cluster setting (slurm({...}), --cluster/--workers, cluster: in ssdp.yaml) is unknown or has a wrong value',
  E_SLURM_WORKERS_GONE: "every Slurm worker of a run ended while the run still had tasks (see the workers' logs)",
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isKnownErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
