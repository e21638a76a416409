export declare function ssdpVersion(): string;
