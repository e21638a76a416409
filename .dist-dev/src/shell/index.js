/**
 * Shell activation: hooks per shell, `activate`/`deactivate` computed as one change of the
 * shell's variables (plan.ts), printed as code (render.ts), and the rc-file block of `ssdp init`.
 */
export { SHELLS, isShellName, quoteFish, quotePosix, SCRIPT_EXTENSIONS } from './dialects.js';
export { readLevels, encodeLevel, decodeLevel, stateVar } from './state.js';
export { planActivate, planDeactivate, promptLabel } from './plan.js';
export { renderChange } from './render.js';
export { hookScript } from './hook.js';
export { locateEnv, listScripts, deactivateScripts, refFromWord } from './target.js';
export { runShellCommand, parseShell, parseActivateArgs, activationCode, deactivationCode } from './commands.js';
export { rcFile, initBlock, installBlock, removeBlock, INIT_SHELLS, BLOCK_START, BLOCK_END } from './rc-files.js';
export { cliCommand } from './cli-path.js';
//# sourceMappingURL=index.js.map