import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelToRegistry, npmRegistryConfig, registryFromNpmConfig } from '../../src/resolve/index.js';
function withEnv(vars, fn) {
    const old = {};
    for (const k of Object.keys(process.env))
        if (/^npm_config_/i.test(k))
            old[k] = process.env[k];
    for (const k of Object.keys(old))
        delete process.env[k];
    for (const [k, v] of Object.entries(vars))
        if (v !== undefined)
            process.env[k] = v;
    try {
        fn();
    }
    finally {
        for (const k of Object.keys(vars))
            delete process.env[k];
        Object.assign(process.env, old);
    }
}
test('registry comes from env, project .npmrc, user .npmrc, else the default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssdp-npmrc-'));
    const user = join(dir, 'user-npmrc');
    const project = join(dir, 'project');
    await writeFile(user, '; comment\nregistry = https://user.example/npm\n@corp:registry=https://corp.example/\n//corp.example/:_authToken=${CORP_TOKEN}\n');
    await import('node:fs/promises').then((f) => f.mkdir(project));
    withEnv({ npm_config_userconfig: join(dir, 'none') }, () => {
        assert.equal(registryFromNpmConfig(project), 'https://registry.npmjs.org/');
    });
    withEnv({ npm_config_userconfig: user, CORP_TOKEN: 'sekrit' }, () => {
        const cfg = npmRegistryConfig(project);
        assert.equal(cfg.registry, 'https://user.example/npm/');
        assert.equal(cfg.scopes['@corp'], 'https://corp.example/');
        assert.equal(cfg.authTokens['//corp.example/'], 'sekrit');
    });
    await writeFile(join(project, '.npmrc'), 'registry=https://project.example/\n');
    withEnv({ npm_config_userconfig: user }, () => assert.equal(registryFromNpmConfig(project), 'https://project.example/'));
    withEnv({ npm_config_userconfig: user, NPM_CONFIG_REGISTRY: 'http://127.0.0.1:9/' }, () => {
        assert.equal(registryFromNpmConfig(project), 'http://127.0.0.1:9/');
        assert.equal(channelToRegistry('npm', project), 'http://127.0.0.1:9/');
    });
    assert.equal(channelToRegistry('https://mirror.example/npm'), 'https://mirror.example/npm/');
    assert.throws(() => channelToRegistry('conda-forge'), { code: 'E_BAD_CHANNEL' });
});
//# sourceMappingURL=registry-config.test.js.map