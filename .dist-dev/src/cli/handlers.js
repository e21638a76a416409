const envCommands = () => import('./commands/env.js');
const packageCommands = () => import('./commands/packages.js');
const runCommands = () => import('./commands/run.js');
const shellCommands = () => import('./commands/shell.js');
const workerCommand = () => import('./commands/worker.js');
const shellCode = async () => {
    const { runShell } = await import('../shell/commands.js');
    const h = (p) => runShell(p);
    return { handlers: { 'shell hook': h, 'shell activate': h, 'shell deactivate': h } };
};
const OWNER = {
    create: packageCommands,
    install: packageCommands,
    remove: packageCommands,
    update: packageCommands,
    list: packageCommands,
    clean: packageCommands,
    info: envCommands,
    run: runCommands,
    tasks: runCommands,
    'env create': envCommands,
    'env list': envCommands,
    'env remove': envCommands,
    'env export': envCommands,
    'env update': envCommands,
    'shell hook': shellCode,
    'shell activate': shellCode,
    'shell deactivate': shellCode,
    init: shellCommands,
    activate: shellCommands,
    deactivate: shellCommands,
    worker: workerCommand,
};
/** Commands whose --help is their own (activation help goes to stderr, see src/shell). */
export const OWN_HELP = new Set(['shell activate', 'shell deactivate']);
export async function dispatch(p) {
    const m = await OWNER[p.command]();
    return m.handlers[p.command](p);
}
//# sourceMappingURL=handlers.js.map