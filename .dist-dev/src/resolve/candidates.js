/**
 * The versions of one package that may be chosen for a range, best first (npm's order: the
 * `latest` tag when it fits, then highest first, deprecated ones last), each with the static
 * reason it is ruled out (published after `before`, engines.node against a pinned node).
 * Computed once per name+range and reused across the resolver's backtracking attempts.
 */
import semver from 'semver';
const sortedCache = new WeakMap();
/** Valid versions, highest first. */
export function sortedVersions(p) {
    let s = sortedCache.get(p);
    if (!s) {
        s = p.sortedDesc
            ? Object.keys(p.versions).filter((v) => !/[^0-9a-zA-Z.+-]/.test(v) && (/^\d+\.\d+\.\d+$/.test(v) || semver.valid(v) !== null))
            : Object.keys(p.versions).filter((v) => semver.valid(v) !== null).sort(semver.rcompare);
        sortedCache.set(p, s);
    }
    return s;
}
export function enginesFit(m, nodeVersion) {
    const want = m.engines && typeof m.engines === 'object' ? m.engines.node : undefined;
    if (typeof want !== 'string' || !want.trim())
        return true;
    try {
        if (semver.validRange(want) === null)
            return true; // unparseable engines are not enforced, as npm does
        return semver.satisfies(nodeVersion, want, { includePrerelease: true });
    }
    catch {
        return true;
    }
}
export function matchingVersions(p, range) {
    if (semver.validRange(range) === null) {
        const tagged = p['dist-tags'][range];
        return tagged && p.versions[tagged] ? [tagged] : [];
    }
    const r = new semver.Range(range);
    return sortedVersions(p).filter((v) => r.test(v));
}
/**
 * Candidates in preference order, computed lazily: the first usable one is usually the first
 * tried, so testing thousands of typescript versions against a range only happens on failure.
 */
export class Candidates {
    p;
    rules;
    list = [];
    seen = new Set();
    deprecated = [];
    cursor = 0;
    stage = 'latest';
    test;
    constructor(p, range, rules) {
        this.p = p;
        this.rules = rules;
        if (semver.validRange(range) === null) {
            const tagged = p['dist-tags'][range];
            this.test = (v) => v === tagged;
        }
        else {
            const r = new semver.Range(range);
            this.test = (v) => r.test(v);
        }
    }
    make(v) {
        const m = this.p.versions[v];
        const rules = this.rules;
        if (rules.before) {
            const t = this.p.time?.[v];
            if (!t || !(new Date(t) < rules.before))
                return { manifest: m, ruledOut: { kind: 'before', detail: t ?? 'unknown time' } };
        }
        if (rules.nodePinned && !enginesFit(m, rules.nodeVersion))
            return { manifest: m, ruledOut: { kind: 'engines', detail: m.engines.node } };
        return { manifest: m };
    }
    push(v) {
        this.seen.add(v);
        this.list.push(this.make(v));
    }
    /** The i-th candidate, or undefined past the end. */
    at(i) {
        while (this.list.length <= i && this.stage !== 'done')
            this.advance();
        return this.list[i];
    }
    advance() {
        if (this.stage === 'latest') {
            this.stage = 'scan';
            const latest = this.p['dist-tags'].latest;
            if (latest && this.p.versions[latest] && !this.p.versions[latest].deprecated && this.test(latest))
                this.push(latest);
            return;
        }
        if (this.stage === 'scan') {
            const versions = sortedVersions(this.p);
            while (this.cursor < versions.length) {
                const v = versions[this.cursor++];
                if (this.seen.has(v) || !this.test(v))
                    continue;
                if (this.p.versions[v].deprecated)
                    this.deprecated.push(v);
                else
                    return this.push(v);
            }
            this.stage = 'deprecated';
            return;
        }
        if (this.stage === 'deprecated') {
            for (const v of this.deprecated)
                this.push(v);
            this.stage = 'done';
        }
    }
    all() {
        while (this.stage !== 'done')
            this.advance();
        return this.list;
    }
    *[Symbol.iterator]() {
        for (let i = 0;; i++) {
            const c = this.at(i);
            if (!c)
                return;
            yield c;
        }
    }
}
export function candidatesFor(p, range, rules) {
    return new Candidates(p, range, rules);
}
//# sourceMappingURL=candidates.js.map