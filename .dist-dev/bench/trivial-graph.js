/**
 * The tiny-task graph bench/graph and bench/distributed both time: n `inc` tasks summed by a tree
 * of `sumList` tasks, 100 inputs each (task functions from bench/graph-tasks.ts).
 */
import { fnRef, ref } from '../src/graph/index.js';
const TASKS = new URL('./graph-tasks.js', import.meta.url).href;
export function trivialGraph(n) {
    const graph = {};
    const inc = fnRef(TASKS, 'inc');
    const sumList = fnRef(TASKS, 'sumList');
    let level = [];
    for (let i = 0; i < n; i++) {
        graph[`inc-${i}`] = { fn: inc, args: [i] };
        level.push(`inc-${i}`);
    }
    let depth = 0;
    while (level.length > 1) {
        const next = [];
        for (let i = 0; i < level.length; i += 100) {
            const k = `sum-${depth}-${i}`;
            graph[k] = { fn: sumList, args: [level.slice(i, i + 100).map(ref)] };
            next.push(k);
        }
        level = next;
        depth++;
    }
    return { graph, root: level[0], tasks: Object.keys(graph).length };
}
//# sourceMappingURL=trivial-graph.js.map