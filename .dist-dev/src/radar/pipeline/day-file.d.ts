import type { DayResult } from '../day.js';
import type { StatsPartial } from '../stats.js';
export interface StoredDay extends Omit<DayResult, 'partial'> {
    day: string;
    synthetic?: boolean;
    warnings?: string[];
    partial: StatsPartial;
}
export declare function writeDayFile(path: string, day: string, r: DayResult, about?: {
    synthetic?: boolean;
    warnings?: string[];
}): void;
export declare function readDayFile(path: string): StoredDay;
