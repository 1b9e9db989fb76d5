import { type Encoding, type FileShape } from './annuaire-files.ts';
import type { TableSink } from './import-session.ts';
/** Columns of directory_persons a file fills, in the order rows are pushed. */
export declare const PERSON_LOAD_COLUMNS: readonly ["national_id", "identifier_type", "identifier", "practice_civility", "civility", "last_name", "first_name", "profession_code", "profession_label", "skill_code", "skill_label", "activities", "search_key", "search_key_rev", "search_key_alt", "line"];
export declare const MAILBOX_LOAD_COLUMNS: readonly ["national_id", "address", "mailbox_type", "line"];
/** An activity as stored: a JSON array in this order (positions, not keys: a national file holds 1.5 million). */
export declare const ACTIVITY_FIELDS: readonly ["structureName", "address", "postalCode", "communeCode", "communeName", "phone"];
export interface LoadCounts {
    rows: number;
    persons: number;
    malformed: number;
    mailboxes: number;
}
export interface LineError {
    file: string;
    line: number;
    reason: string;
}
/** The malformed lines of an import: all counted, the first 100 kept. */
export declare class LineErrors {
    readonly kept: LineError[];
    count: number;
    add(file: string, line: number, reason: string): void;
}
interface LoadContext {
    counts: LoadCounts;
    errors: LineErrors;
    /** Called after each chunk of lines: progress reports. */
    tick: () => Promise<void>;
}
/** A person met again further down the file, after other persons: merged (or refused) once all is loaded. */
export interface LatePerson {
    /** The row as it would have been pushed (PERSON_LOAD_COLUMNS). */
    values: (string | number | null)[];
    clean: boolean;
}
export interface PersonsLoaded {
    encoding: Encoding;
    late: LatePerson[];
    /** Too many late persons to hold: they went into the table too, and SQL must merge them. */
    lateInTable: boolean;
}
/**
 * Streams PS_LibreAcces_Personne_activite into `sink`: the rows of one person (consecutive lines with the same
 * IDNPS) become one row with their activities; `words` counts the words of the names (the typo dictionary).
 * An IDNPS seen before, not on the line just above, is held apart (`late`): the file is not sorted by person, or
 * two persons share a number.
 */
export declare function loadPersons(shape: FileShape<'persons'>, sink: TableSink, words: Map<string, number>, context: LoadContext): Promise<PersonsLoaded>;
/** Streams Extraction_Correspondance_MSSante into `sink`: the mailboxes that belong to a person (PP). */
export declare function loadMailboxes(shape: FileShape<'mssante'>, sink: TableSink, context: LoadContext): Promise<Encoding>;
export {};
