/**
 * The two public extraction files of the Annuaire Santé, as `../shared/tools/gen-annuaire.mjs` writes them:
 * '|' separated, one header line, a trailing '|' on every line, no quoting. Columns are found by their header
 * name, so a reordering of the file does not matter; a missing one refuses the file.
 */
export declare const PERSON_COLUMNS: {
    readonly identifierType: "Type d'identifiant PP";
    readonly identifier: "Identifiant PP";
    readonly nationalId: "Identification nationale PP";
    readonly practiceCivility: "Code civilité d'exercice";
    readonly civility: "Code civilité";
    readonly lastName: "Nom d'exercice";
    readonly firstName: "Prénom d'exercice";
    readonly professionCode: "Code profession";
    readonly professionLabel: "Libellé profession";
    readonly skillCode: "Code savoir-faire";
    readonly skillLabel: "Libellé savoir-faire";
    readonly structureName: "Raison sociale site";
    readonly structureBrand: "Enseigne commerciale site";
    readonly addressRecipient: "Complément destinataire (coord. structure)";
    readonly addressPlace: "Complément point géographique (coord. structure)";
    readonly streetNumber: "Numéro Voie (coord. structure)";
    readonly streetRepeat: "Indice répétition voie (coord. structure)";
    readonly streetType: "Libellé type de voie (coord. structure)";
    readonly streetName: "Libellé Voie (coord. structure)";
    readonly addressMention: "Mention distribution (coord. structure)";
    readonly cedex: "Bureau cedex (coord. structure)";
    readonly postalCode: "Code postal (coord. structure)";
    readonly communeCode: "Code commune (coord. structure)";
    readonly communeName: "Libellé commune (coord. structure)";
    readonly phone: "Téléphone (coord. structure)";
};
export declare const MSSANTE_COLUMNS: {
    readonly mailboxType: "Type de BAL";
    readonly address: "Adresse BAL";
    readonly identifierType: "Type Identifiant PP";
    readonly identifier: "Identifiant PP";
    readonly nationalId: "Identification nationale PP";
};
export type FileKind = 'persons' | 'mssante';
type Columns<K extends FileKind> = K extends 'persons' ? typeof PERSON_COLUMNS : typeof MSSANTE_COLUMNS;
export type ColumnIndex<K extends FileKind> = Record<keyof Columns<K>, number>;
export declare const FILE_LABELS: Record<FileKind, string>;
export declare function fileKindOf(name: string): FileKind | undefined;
export declare class FileShapeError extends Error {
    readonly missingColumns: Partial<Record<FileKind, string[]>>;
    constructor(message: string, missingColumns: Partial<Record<FileKind, string[]>>);
}
export interface FileShape<K extends FileKind> {
    kind: K;
    path: string;
    /** Number of fields a data line has, the trailing '|' included. */
    fieldCount: number;
    columns: ColumnIndex<K>;
}
/** Reads the header line only: the columns the import needs, or a FileShapeError naming the missing ones. */
export declare function readFileShape<K extends FileKind>(kind: K, path: string): Promise<FileShape<K>>;
export declare function decodeLine(bytes: Buffer): string;
/**
 * Lines travel through the import as *byte strings*: one character per byte of their UTF-8 form (what
 * `buffer.toString('latin1')` gives). Splitting on '|' works on them as on text, they cost a fraction of real decoding,
 * and written back byte for byte (COPY) they are the original UTF-8. `textOf` gives the real text of one.
 */
export declare function textOf(bytes: string): string;
/** The byte string of a text: its UTF-8 bytes, one character each. */
export declare function bytesOf(text: string): string;
export type Encoding = 'utf-8' | 'latin-1' | 'mixed';
/**
 * Streams a file's data lines (header excluded) as UTF-8 byte strings, in chunks: constant memory. A chunk that
 * is valid UTF-8 is taken as it is; otherwise each of its lines is checked on its own and a line that is not
 * UTF-8 is read as Latin-1 and converted, so a Latin-1 file — or a file with a few Latin-1 lines — reads right.
 * `onLines` may return a promise: reading waits for it (back-pressure).
 */
export declare function readDataLines(path: string, onLines: (lines: string[], firstLineNumber: number) => void | Promise<void>): Promise<Encoding>;
export interface AnnuaireFiles {
    persons: string;
    mssante: string;
}
/** The newest file of each kind in a folder (by the stamp in its name, then by modification time). */
export declare function findNewestFiles(folder: string): Promise<AnnuaireFiles>;
export {};
