/** The prefix itself if it is a mount point, and every mount point inside it. */
export declare function mountsAt(prefix: string): string[];
/** Refuses to change or remove an env at or around a mounted volume, naming the mount points. */
export declare function refuseMounts(prefix: string, action: string): void;
