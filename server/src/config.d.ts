export declare const repoRoot: string;
export interface Config {
    production: boolean;
    port: number;
    host: string;
    publicUrl: string;
    databaseUrl: string | undefined;
    dataDir: string;
    dataKeyHex: string | undefined;
    demo: boolean;
    testMode: boolean;
    support: {
        email: string;
        password: string;
        phone: string | undefined;
    } | undefined;
    communesFile: string | undefined;
    geocoder: 'offline' | 'geoplateforme';
    sms: {
        url: string;
        token: string;
    } | undefined;
    smtp: {
        url: string;
        from: string;
    } | undefined;
    session: {
        idleMs: number;
        maxMs: number;
    };
    loginRatePerMinute: number;
    logLevel: string;
    webDist: string;
}
export declare class ConfigError extends Error {
}
/** Parses the environment once; throws a ConfigError naming every bad variable. */
export declare function loadConfig(env?: NodeJS.ProcessEnv): Config;
