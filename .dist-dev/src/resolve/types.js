/**
 * The resolve stage's contract. Glossary:
 * - request: one thing the user asked for, parsed from a conda match spec (`node=22`,
 *   `name>=1,<2`) or an npm spec (`@scope/pkg@^4`) into a name and a semver range.
 * - packument: the registry's metadata document for one package name (abbreviated form).
 * - lock: the whole resolved tree; the boundary between resolve and fetch/link. Anything with a
 *   lock never resolves again.
 */
export {};
//# sourceMappingURL=types.js.map