import { sql, type SQL } from 'drizzle-orm';
import type { NationalDirectoryEntry } from '@relais/contracts';
import { rows, type DbOrTx } from '../db/client.ts';
import { readActivities } from './load-annuaire.ts';
import { editDistance, maxEdits, normalizeName, queryVariants } from './name-key.ts';

export interface NationalSearch {
  q?: string | undefined;
  identifier?: string | undefined;
  limit: number;
}

/**
 * Finds persons of the national directory by identifier (RPPS, ADELI or IDNPS, exact, inactive persons too) or
 * by name (active persons only). A name query is read as the beginning of "last first", or of "last first"
 * without the particles ("fontaine" finds "de La Fontaine"), its words as typed or rotated ("marie dupont" finds
 * "DUPONT Marie"); when that finds too little, each word is also corrected to the directory's words within its
 * typo allowance (one edit, two for long words), and a last word still being typed is completed from them.
 */
export async function searchNationalDirectory(
  db: DbOrTx,
  search: NationalSearch,
): Promise<NationalDirectoryEntry[]> {
  const digits =
    search.identifier ?? (/^\d[\d\s]{7,}$/.test(search.q ?? '') ? search.q?.replace(/\s/g, '') : undefined);
  if (digits) return entries(db, [digits, `8${digits}`, `0${digits}`], search.limit);
  const words = normalizeName(search.q ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, 6);
  if (words.length === 0) return [];
  // The words' corrections are looked up alongside (another connection on a server): one round trip less when
  // the query as typed finds too little.
  const [found, candidates] = await Promise.all([
    probe(db, rotations(words, 0), search.limit),
    dictionary(db, words),
  ]);
  if (new Set(found.map((hit) => hit.nationalId)).size < search.limit) {
    const phrases = correctedPhrases(words, candidates);
    if (phrases.length > 0) for (const hit of await probe(db, phrases, search.limit)) found.push(hit);
  }
  const best = new Map<string, Hit>();
  for (const hit of found.sort(byRank)) if (!best.has(hit.nationalId)) best.set(hit.nationalId, hit);
  return entries(db, [...best.keys()].slice(0, search.limit), search.limit);
}

interface Phrase {
  phrase: string;
  cost: number;
}

interface Hit {
  nationalId: string;
  cost: number;
  /** The phrase is whole words of the key, not the start of a longer word. */
  whole: boolean;
  /** Rank of the row in its own probe: phrases of equal cost take turns ("dueont": DUPONT, DUMONT…). */
  position: number;
  via: number;
  key: string;
}

const byRank = (a: Hit, b: Hit) =>
  a.cost - b.cost ||
  a.position - b.position ||
  Number(b.whole) - Number(a.whole) ||
  a.via - b.via ||
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const KEYS = ['search_key', 'search_key_alt'] as const;

/** The words as typed, then rotated ("marie dupont" → "dupont marie"): keys begin with the last name. */
function rotations(words: string[], cost: number): Phrase[] {
  return words.map((_, r) => ({
    phrase: [...words.slice(r), ...words.slice(0, r)].join(' '),
    cost: cost + (r > 0 ? 0.1 : 0),
  }));
}

/** Each phrase as the start of each key: ordered index ranges, `limit` rows each at most. */
async function probe(db: DbOrTx, phrases: Phrase[], limit: number): Promise<Hit[]> {
  const parts: SQL[] = [];
  phrases.forEach((p, phraseIndex) => {
    KEYS.forEach((key, via) => {
      const column = sql.raw(key);
      // Keys hold only [a-z0-9 ]: '~' sorts after all of them, so [p, p~) is every key starting with p.
      parts.push(sql`(SELECT national_id, ${column} AS key, ${phraseIndex}::int AS phrase, ${via}::int AS via
        FROM directory_persons WHERE active AND ${column} >= ${p.phrase} AND ${column} < ${`${p.phrase}~`}
        ORDER BY ${column} LIMIT ${limit})`);
    });
  });
  const found = await rows<{ national_id: string; key: string; phrase: number; via: number }>(
    db,
    sql.join(parts, sql` UNION ALL `),
  );
  const seen = new Map<string, number>();
  return found
    .sort((a, b) => a.phrase - b.phrase || a.via - b.via || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => {
      const phrase = phrases[r.phrase] ?? { phrase: '', cost: 99 };
      const probeKey = `${r.phrase}:${r.via}`;
      const position = seen.get(probeKey) ?? 0;
      seen.set(probeKey, position + 1);
      return {
        nationalId: r.national_id,
        cost: phrase.cost,
        whole: r.key.length === phrase.phrase.length || r.key[phrase.phrase.length] === ' ',
        position,
        via: r.via,
        key: r.key,
      };
    });
}

interface Alternative {
  word: string;
  cost: number;
  /** A word the typed last word begins ("mar" → "martin"). */
  completion?: boolean;
}

interface Candidate {
  token: string;
  persons: number;
  completion: boolean;
}

/** The directory's words close to the query's words, and the most frequent ones its last word begins. */
async function dictionary(db: DbOrTx, words: string[]): Promise<Candidate[]> {
  const variants = [...new Set(words.flatMap(queryVariants))];
  const last = words[words.length - 1] ?? '';
  const completions =
    words.length > 1
      ? sql` UNION ALL (SELECT token, persons, true AS completion FROM directory_tokens
                        WHERE token > ${last} AND token < ${`${last}~`} ORDER BY persons DESC LIMIT 4)`
      : sql``;
  return rows<Candidate>(
    db,
    sql`SELECT token, persons, false AS completion FROM directory_tokens WHERE token = ANY(${sql.param(variants)}::text[])
        UNION ALL
        SELECT t.token, t.persons, false FROM directory_token_variants v JOIN directory_tokens t ON t.token = v.token
        WHERE v.variant = ANY(${sql.param(variants)}::text[])${completions}`,
  );
}

/**
 * The query again with words corrected, and rotated: each word's alternatives come from the directory's words
 * that share a deletion with it and lie within its edit allowance; a last word being typed ("marie dup") is
 * completed with the most frequent words it begins, so that it can come first once rotated. Combinations are
 * tried cheapest first.
 */
function correctedPhrases(words: string[], candidates: Candidate[]): Phrase[] {
  const perWord: Alternative[][] = words.map((word, i) => {
    const allowed = maxEdits(word.length);
    // A word may come both as a correction and as a completion ("more" → "morel"): the cheaper counts.
    const best = new Map<string, Alternative & { persons: number }>();
    for (const c of candidates) {
      if (c.token === word || (c.completion && i !== words.length - 1)) continue;
      const cost = c.completion ? 0.05 : editDistance(word, c.token, allowed);
      if (!c.completion && cost > allowed) continue;
      const known = best.get(c.token);
      if (!known || cost < known.cost)
        best.set(c.token, { word: c.token, cost, persons: c.persons, completion: c.completion });
    }
    const alternatives = [...best.values()].sort((a, b) => a.cost - b.cost || b.persons - a.persons);
    return [{ word, cost: 0 }, ...alternatives.slice(0, i === words.length - 1 ? 6 : 3)];
  });
  const combos: { words: string[]; cost: number; completed: boolean }[] = [];
  const walk = (i: number, chosen: Alternative[], cost: number) => {
    if (i === perWord.length) {
      if (cost > 0)
        combos.push({ words: chosen.map((a) => a.word), cost, completed: chosen.some((a) => a.completion) });
      return;
    }
    for (const alt of perWord[i] ?? []) walk(i + 1, [...chosen, alt], cost + alt.cost);
  };
  if (perWord.reduce((n, alts) => n * alts.length, 1) <= 4096) walk(0, [], 0);
  // A completed last word matters rotated only: as typed, the prefix itself was probed already.
  return combos
    .sort((a, b) => a.cost - b.cost)
    .slice(0, 4)
    .flatMap((combo) => rotations(combo.words, combo.cost).slice(combo.completed ? 1 : 0))
    .slice(0, 10);
}

interface PersonRow {
  national_id: string;
  identifier_type: 'rpps' | 'adeli';
  identifier: string;
  practice_civility: string | null;
  civility: string | null;
  last_name: string;
  first_name: string;
  profession_code: string;
  profession_label: string | null;
  skill_code: string | null;
  skill_label: string | null;
  /** JSON: [structureName, address, postalCode, communeCode, communeName, phone] each */
  activities: string;
  active: boolean;
  mssante: string[] | null;
}

/** The entries of these IDNPS, in this order, with their MSSanté mailboxes. */
async function entries(db: DbOrTx, ids: string[], limit: number): Promise<NationalDirectoryEntry[]> {
  if (ids.length === 0) return [];
  const found = await rows<PersonRow>(
    db,
    sql`SELECT p.national_id, p.identifier_type, p.identifier, p.practice_civility, p.civility, p.last_name,
               p.first_name, p.profession_code, p.profession_label, p.skill_code, p.skill_label, p.activities,
               p.active,
               ARRAY(SELECT DISTINCT m.address FROM directory_mssante m WHERE m.national_id = p.national_id
                     ORDER BY m.address) AS mssante
        FROM directory_persons p WHERE p.national_id = ANY(${sql.param(ids)}::text[])`,
  );
  const order = new Map(ids.map((id, i) => [id, i]));
  return found
    .sort(
      (a, b) =>
        Number(b.active) - Number(a.active) ||
        (order.get(a.national_id) ?? 0) - (order.get(b.national_id) ?? 0),
    )
    .slice(0, limit)
    .map((p) => ({
      nationalId: p.national_id,
      identifierType: p.identifier_type,
      identifier: p.identifier,
      civility: p.practice_civility ?? p.civility,
      firstName: p.first_name,
      lastName: p.last_name,
      profession: { code: p.profession_code, label: p.profession_label },
      specialty: p.skill_code ? { code: p.skill_code, label: p.skill_label } : null,
      activities: uniquePlaces(readActivities(p.activities)),
      mssante: p.mssante ?? [],
      active: p.active,
    }));
}

function uniquePlaces(activities: (string | null)[][]): NationalDirectoryEntry['activities'] {
  const seen = new Set<string>();
  const places: NationalDirectoryEntry['activities'] = [];
  for (const [, , postalCode = null, communeCode = null, communeName = null] of activities) {
    const key = `${communeCode ?? ''}|${postalCode ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    places.push({ postalCode, communeCode, communeName });
  }
  return places;
}
