export declare const DEFAULT_REGISTRY = "https://registry.npmjs.org/";
export interface NpmRegistryConfig {
    /** Default registry URL, always ending in `/`. */
    registry: string;
    /** `@scope` -> registry URL for `@scope:registry=` lines. */
    scopes: Record<string, string>;
    /** `//host/path/` -> bearer token from `//host/path/:_authToken=` lines. */
    authTokens: Record<string, string>;
}
/** Settings in npm's precedence: environment, then project .npmrc, then user .npmrc. */
export declare function npmRegistryConfig(cwd?: string): NpmRegistryConfig;
export declare function registryFromNpmConfig(cwd?: string): string;
/** `npm` (or `defaults`) -> the configured registry; a URL -> itself. */
export declare function channelToRegistry(channel: string, cwd?: string): string;
/** The registry serving one package name: its scope's registry if configured, else the default. */
export declare function registryForName(name: string, registry: string, scopes?: Record<string, string>): string;
/** Bearer token for a URL from `//host/path/:_authToken` entries (longest matching prefix). */
export declare function authTokenFor(url: string, tokens: Record<string, string>): string | undefined;
