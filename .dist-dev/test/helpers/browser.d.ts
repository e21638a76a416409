import { type Browser, type Page } from 'playwright-core';
export declare function chromiumPath(): string;
export declare function launch(): Promise<Browser>;
export interface WatchedPage {
    page: Page;
    errors: string[];
}
export declare function openPage(browser: Browser, url: string): Promise<WatchedPage>;
