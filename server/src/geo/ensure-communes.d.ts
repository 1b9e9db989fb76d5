import { type Database } from '../db/client.ts';
/**
 * Codes, names, postal codes and population come from the same CSV as the centres: the shared file carries
 * `@etalab/decoupage-administratif`'s data already, so the package would only duplicate it (and pin the
 * reference to an npm release instead of the file the operator configures).
 */
export interface CommunesDeps {
    database: Database;
    config: {
        communesFile: string | undefined;
    };
    log?: {
        info(obj: object, msg: string): void;
        warn(obj: object, msg: string): void;
    } | undefined;
}
export interface CommunesStatus {
    /** True when this call (re)loaded the tables. */
    loaded: boolean;
    rows: number;
    /** The file's hash (with the loader's version), recorded beside the tables. */
    contentHash: string | null;
    ms: number;
}
/**
 * Loads the communes CSV (`config.communesFile`) into `communes` and `commune_postal_codes` when the file
 * changed since the last load (hash) or the table is incomplete (row count); otherwise only reads and hashes the
 * file. Once per database handle and process: later calls return the first answer. Processes starting together
 * on one server load it once (advisory lock, hash checked again under it). Call at start-up, after migrations.
 */
export declare function ensureCommunes(deps: CommunesDeps): Promise<CommunesStatus>;
/** The hash of the communes data now loaded; activity zones record it to notice a reload. */
export declare function communesHash(database: Database): Promise<string | null>;
