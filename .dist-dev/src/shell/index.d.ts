/**
 * Shell activation: hooks per shell, `activate`/`deactivate` computed as one change of the
 * shell's variables (plan.ts), printed as code (render.ts), and the rc-file block of `ssdp init`.
 */
export { SHELLS, isShellName, quoteFish, quotePosix, SCRIPT_EXTENSIONS, type ShellName } from './dialects.js';
export { readLevels, encodeLevel, decodeLevel, stateVar, type LevelState } from './state.js';
export { planActivate, planDeactivate, promptLabel, type ActivationTarget, type ShellChange, type ShellSnapshot, type PlanContext } from './plan.js';
export { renderChange } from './render.js';
export { hookScript } from './hook.js';
export { locateEnv, listScripts, deactivateScripts, refFromWord, type EnvRef } from './target.js';
export { runShellCommand, parseShell, parseActivateArgs, activationCode, deactivationCode } from './commands.js';
export { rcFile, initBlock, installBlock, removeBlock, INIT_SHELLS, BLOCK_START, BLOCK_END, type InitShell } from './rc-files.js';
export { cliCommand } from './cli-path.js';
