export interface Platform {
    os: string;
    cpu: string;
    libc?: string;
}
/** glibc vs musl on Linux without loading process.report: musl ships /lib/ld-musl-*. */
export declare function detectLibc(): string | undefined;
export declare function currentPlatform(): Platform;
export declare function asList(v: string[] | string | undefined): string[] | undefined;
export declare function platformMismatch(m: {
    os?: string[] | string;
    cpu?: string[] | string;
    libc?: string[] | string;
}, p: Platform): string | undefined;
