/** One commune as the tables hold it. */
export interface CommuneRecord {
    insee: string;
    name: string;
    searchKey: string;
    postalCodes: string[];
    lat: number | null;
    lon: number | null;
    population: number;
    parentInsee: string | null;
    hasArrondissements: boolean;
}
export declare const COMMUNES_COLUMNS: readonly ["insee", "nom", "codes_postaux", "latitude", "longitude", "population"];
export declare function parentOfArrondissement(insee: string): string | null;
export declare class CommunesFileError extends Error {
}
export interface ParsedCommunes {
    communes: CommuneRecord[];
    /** Lines skipped, with their number (1 = header) and why. */
    rejected: {
        line: number;
        reason: string;
    }[];
}
/**
 * Parses the communes CSV (`insee,nom,codes_postaux,latitude,longitude,population`, columns in any order,
 * RFC 4180 quoting). A file without the expected columns is refused whole; a bad line is skipped and reported.
 */
export declare function parseCommunesCsv(text: string): ParsedCommunes;
/** One CSV line into cells; doubled quotes inside quoted cells. */
export declare function splitCsvLine(line: string): string[];
