import type { WorkflowSpec } from './types.js';
export declare const WORKFLOW_FILE = "ssdp.yaml";
export declare function loadWorkflow(file: string): WorkflowSpec;
export declare function parseWorkflow(text: string, file: string): WorkflowSpec;
