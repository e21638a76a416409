/** Registers a thing to stop; returns the function that unregisters it (call it once stopped). */
export declare function onStop(stop: () => Promise<void>, atExit: () => void): () => void;
/** Stops everything registered, the latest first (workers before the broker they use). */
export declare function stopAll(): Promise<void>;
