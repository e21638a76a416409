import { type CommandName, type Handler } from '../options.js';
export declare const handlers: Partial<Record<CommandName, Handler>>;
