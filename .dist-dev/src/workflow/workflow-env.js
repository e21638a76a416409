/**
 * The env a workflow runs in, made ready the way pixi does it: created when missing, updated
 * when its spec file changed since the last run, left alone otherwise (no registry traffic).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SsdpError } from '../util/errors.js';
import { prefixLayout, readEnvState, resolveRoot } from '../env/prefix.js';
export async function prepareWorkflowEnv(spec, opts) {
    const specFile = resolve(spec.root, spec.env);
    let text;
    try {
        text = readFileSync(specFile, 'utf8');
    }
    catch (e) {
        throw new SsdpError('E_WORKFLOW_ENV', `${spec.file}: env '${spec.env}' names no readable file (${specFile}).`, { cause: e });
    }
    const env = await import('../env/index.js');
    const input = await env.parseSpecText(text, specFile);
    const name = input.kind === 'spec' ? input.spec.name : undefined;
    if (!name)
        throw new SsdpError('E_WORKFLOW_ENV', `${specFile}: the env spec needs a 'name' for the workflow to run in.`);
    const root = resolveRoot(opts.root);
    const { prefix } = env.resolveTarget(root, { name });
    const hash = createHash('sha256').update(text).digest('hex');
    const stampFile = join(spec.root, '.ssdp', 'env-stamp.json');
    const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {};
    const exists = readEnvState(prefix) !== undefined;
    if (!exists || stamp.prefix !== prefix || stamp.hash !== hash) {
        // update -f --prune creates a missing env, so one call covers both cases.
        opts.reporter.info(exists ? `updating env ${name}: ${spec.env} changed` : `creating env ${name} from ${spec.env}`);
        await env.updateFromSpec({
            root,
            reporter: opts.reporter,
            name,
            file: specFile,
            prune: true,
            offline: opts.offline,
            command: `ssdp env update -f ${spec.env} --prune (for ${spec.file})`,
        });
    }
    mkdirSync(join(spec.root, '.ssdp'), { recursive: true });
    writeFileSync(`${stampFile}.tmp`, JSON.stringify({ prefix, hash }));
    renameSync(`${stampFile}.tmp`, stampFile);
    const envNode = join(prefixLayout(prefix).bin, 'node');
    return { name, prefix, node: existsSync(envNode) ? envNode : process.execPath, env: env.envProcessEnv(prefix, process.env) };
}
//# sourceMappingURL=workflow-env.js.map