/**
 * The key place names are compared on: lower case, no accents, ligatures opened, punctuation as spaces, and the
 * abbreviations of addresses spelt out ("St" → saint, "Ste" → sainte), so that "ST-DENIS", "Saint Denis" and
 * "saint-denis" meet. A trailing CEDEX (with its office number) is dropped: it names a mail route, not a place.
 */
export declare function placeKey(value: string): string;
/** "Ulis (Les)" → "Les Ulis": the article some files put last. */
export declare function articleFirst(value: string): string;
/** How alike two keys are, 0…1: 1 when equal, 0.85 when one is the other's leading words, else by edit distance. */
export declare function keySimilarity(a: string, b: string): number;
