export const STAT_NAMES = ['nanmin', 'nanmax', 'nanmean', 'nanstd'];
/** Map titles in plain words (the file names keep numpy's names). */
export const STAT_TITLES = {
    nanmin: 'Lowest rain rate (mm/h)',
    nanmax: 'Highest rain rate (mm/h)',
    nanmean: 'Mean rain rate (mm/h)',
    nanstd: 'Standard deviation of rain rate (mm/h)',
};
//# sourceMappingURL=types.js.map