/**
 * Option objects of the collection functions: a misspelt key (`chunk`, `sed`, `axes`) would
 * otherwise fall back to a default and give a quietly different result, so it is an error naming
 * the closest valid key.
 */
import { SsdpError } from '../util/errors.js';
import { closest } from '../graph/options.js';
/** Throws E_OPTION_UNKNOWN when `opts` has a key outside `names`. */
export function checkOptionKeys(opts, names, where) {
    if (opts === undefined || opts === null || typeof opts !== 'object')
        return;
    for (const key of Object.keys(opts)) {
        if (names.includes(key))
            continue;
        const near = closest(key, names);
        throw new SsdpError('E_OPTION_UNKNOWN', `${where}: unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}.`, {
            hint: `Its options are ${names.join(', ')}.`,
        });
    }
}
//# sourceMappingURL=option-keys.js.map