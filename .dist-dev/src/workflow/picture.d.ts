import type { WorkflowPlan } from './runner.js';
export declare function workflowDot(plan: WorkflowPlan): string;
export declare function writeWorkflowPicture(plan: WorkflowPlan, file: string): Promise<string[]>;
