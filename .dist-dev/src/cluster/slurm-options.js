/**
 * Slurm settings, from slurm({...}) in code or a `cluster: slurm:` block of ssdp.yaml. Checked
 * before anything is submitted, so a typo is a clear error naming the key, not a job that fails
 * in the queue minutes later.
 */
import { closest } from '../graph/options.js';
import { SsdpError } from '../util/errors.js';
export const SLURM_KEYS = ['workers', 'cpus', 'memory', 'walltime', 'partition', 'account', 'host', 'drain', 'drainSignal', 'jobName'];
const CHECKS = {
    workers: { test: (v) => Number.isInteger(v) && v >= 0, expect: 'a whole number >= 0' },
    cpus: { test: (v) => Number.isInteger(v) && v >= 1, expect: 'a whole number >= 1' },
    memory: { test: (v) => /^\d+[KMGT]?$/i.test(String(v)), expect: "a size such as 4G or 4000M (Slurm's --mem)" },
    walltime: { test: (v) => /^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(String(v)), expect: "a time such as 30 (minutes), 1:30:00 or 2-00:00:00 (Slurm's --time)" },
    partition: { test: (v) => /^[\w.,-]+$/.test(String(v)), expect: 'a partition name (sinfo lists them)' },
    account: { test: (v) => /^[\w.-]+$/.test(String(v)), expect: 'an account name' },
    host: { test: (v) => /^[\w.:-]+$/.test(String(v)), expect: 'an address or host name of this machine' },
    drain: { test: (v) => Number.isInteger(v) && v >= 0 && v <= 65535, expect: 'whole seconds (0-65535)' },
    drainSignal: { test: (v) => /^(SIG)?[A-Z0-9]+$/.test(String(v)), expect: 'a signal name such as USR2' },
    jobName: { test: (v) => /^[\w.-]+$/.test(String(v)), expect: 'a job name (letters, digits, _ . -)' },
};
/** Throws E_CLUSTER_OPTION for an unknown key (with did-you-mean) or a value of the wrong shape. */
export function checkSlurmOptions(opts, what, where = (_key, _onValue) => what) {
    for (const [key, value] of Object.entries(opts)) {
        if (!SLURM_KEYS.includes(key)) {
            const near = closest(key, SLURM_KEYS);
            throw new SsdpError('E_CLUSTER_OPTION', `${where(key, false)}: unknown Slurm setting '${key}'${near ? ` (did you mean '${near}'?)` : ''}.`, {
                hint: `Slurm settings are ${SLURM_KEYS.join(', ')}.`,
            });
        }
        if (value === undefined)
            continue;
        const check = CHECKS[key];
        if (!check.test(value)) {
            throw new SsdpError('E_CLUSTER_OPTION', `${where(key, true)}: Slurm setting ${key} is ${JSON.stringify(value)}; expected ${check.expect}.`);
        }
    }
}
//# sourceMappingURL=slurm-options.js.map