/**
 * A plan's functions as a run-wide table the workers load from (by module reference, or source
 * text for self-contained lambdas, as the processes scheduler ships them), and each unit's steps
 * in the pool's wire form with functions named by their index in that table.
 */
import { type ShippedFn } from '../graph/functions.js';
import type { Plan } from '../graph/plan.js';
import type { WireStep } from '../graph/wire.js';
export interface ShippedPlan {
    readonly defs: ShippedFn[];
    /** True when some task passes functions in its arguments (`{ $fn: index }` there). */
    readonly argFns: boolean;
    /** Indices of the functions passed in arguments (every batch carries them). */
    readonly argFnIds: readonly number[];
    steps(u: number): WireStep[];
}
export declare function shipPlan(plan: Plan): Promise<ShippedPlan>;
