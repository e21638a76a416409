/** A minimal terminal model for output tests: replays \r, ESC[K and \n and returns the screen's lines (the cursor's line last). */
export declare function screen(bytes: string): string[];
