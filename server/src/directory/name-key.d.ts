/**
 * How names are compared: lower case, no accent, ligatures spelled out, apostrophes closed up ("N'Diaye" →
 * "ndiaye"), any other separator a single space. Import and search normalise with these same functions.
 */
export declare function normalizeName(text: string): string;
export interface PersonKeys {
    /** "last first" */
    key: string;
    /** "first last" */
    reversed: string;
    /** "last first" without the last name's leading particles, or null when there are none. */
    alternate: string | null;
}
export declare function personKeys(lastName: string, firstName: string, normalize?: (text: string) => string): PersonKeys;
/** Edits a word of this length may hold and still match: none up to 3 letters, one up to 7, then two. */
export declare function maxEdits(length: number): number;
/** The word without one of its letters, each way (the dictionary side of the deletion neighbourhood). */
export declare function deletions(word: string): string[];
/** What a query word is looked up with: itself, its deletions and, for long words, its double deletions. */
export declare function queryVariants(word: string): string[];
/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), or `max + 1` as soon as it is
 * known to exceed `max`.
 */
export declare function editDistance(a: string, b: string, max: number): number;
