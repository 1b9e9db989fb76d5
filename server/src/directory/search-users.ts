import { sql } from 'drizzle-orm';
import type { UserDirectoryEntry } from '@relais/contracts';
import { nameKey } from '../accounts/user-view.ts';
import { rows, type DbOrTx } from '../db/client.ts';
import { editDistance, maxEdits, queryVariants } from './name-key.ts';

export interface UserSearch {
  q: string;
  limit: number;
}

interface UserRow {
  id: string;
  first_name: string;
  last_name: string;
  profession: UserDirectoryEntry['profession'];
  specialty: string | null;
  office_city: string | null;
  name_key: string;
}

/** Below this many active professionals, a search that finds too little compares every name (demo, tests). */
const SCAN_LIMIT = 5000;

/**
 * Active professionals by name, in any word order, accents and case ignored, the last word as a prefix and one
 * typo per word tolerated (two in long words). Words are corrected with the national directory's dictionary,
 * which knows the names of registered professionals; small installations also compare every name. Never an
 * e-mail or a phone: this is how colleagues and messaging recipients are found.
 */
export async function searchUsers(
  db: DbOrTx,
  actorId: string,
  search: UserSearch,
): Promise<UserDirectoryEntry[]> {
  const words = nameKey(search.q).split(' ').filter(Boolean).slice(0, 6);
  if (words.length === 0) return [];
  const alternatives = await wordAlternatives(db, words);
  const anyWord = alternatives.map(
    (alts) => sql`string_to_array(name_key, ' ') && ${sql.param(alts)}::text[]`,
  );
  const candidates = await rows<UserRow>(
    db,
    sql`SELECT id, first_name, last_name, profession, specialty, office_city, name_key FROM users
        WHERE role = 'professional' AND status = 'active' AND id <> ${actorId}
          AND (name_key LIKE ${`${words.join(' ')}%`} OR (${sql.join(anyWord, sql` AND `)}))
        LIMIT 500`,
  );
  let ranked = rank(candidates, words);
  if (ranked.length < search.limit) {
    const everyone = await rows<UserRow>(
      db,
      sql`SELECT id, first_name, last_name, profession, specialty, office_city, name_key FROM users
          WHERE role = 'professional' AND status = 'active' AND id <> ${actorId}
          LIMIT ${SCAN_LIMIT + 1}`,
    );
    if (everyone.length <= SCAN_LIMIT) ranked = rank(everyone, words);
  }
  return ranked.slice(0, search.limit).map((u) => ({
    id: u.id,
    firstName: u.first_name,
    lastName: u.last_name,
    profession: u.profession,
    specialty: u.specialty,
    officeCity: u.office_city,
  }));
}

/** Per query word: itself, the directory's words within its typo allowance, and (last word) those it begins. */
async function wordAlternatives(db: DbOrTx, words: string[]): Promise<string[][]> {
  const variants = [...new Set(words.flatMap(queryVariants))];
  const last = words[words.length - 1] ?? '';
  const [close, extended] = await Promise.all([
    rows<{ token: string }>(
      db,
      sql`SELECT token FROM directory_tokens WHERE token = ANY(${sql.param(variants)}::text[])
          UNION
          SELECT token FROM directory_token_variants WHERE variant = ANY(${sql.param(variants)}::text[])`,
    ),
    rows<{ token: string }>(
      db,
      sql`SELECT token FROM directory_tokens WHERE token >= ${last} AND token < ${`${last}~`}
          ORDER BY persons DESC LIMIT 50`,
    ),
  ]);
  return words.map((word, i) => {
    const alts = new Set([word]);
    const allowed = maxEdits(word.length);
    for (const c of close) if (editDistance(word, c.token, allowed) <= allowed) alts.add(c.token);
    if (i === words.length - 1) for (const e of extended) alts.add(e.token);
    return [...alts];
  });
}

/** Users whose name has a match for every query word, cheapest first: exact 0, prefix (last word) 0.5, typo: its edits. */
function rank(candidates: UserRow[], words: string[]): UserRow[] {
  const scored: { user: UserRow; cost: number }[] = [];
  for (const user of candidates) {
    const own = user.name_key.split(' ');
    const phrase = words.join(' ');
    let cost = user.name_key.startsWith(phrase) ? 0 : -1;
    if (cost < 0) {
      cost = 0;
      for (const [i, word] of words.entries()) {
        const allowed = maxEdits(word.length);
        let best = Infinity;
        for (const w of own) {
          if (w === word) best = 0;
          else if (i === words.length - 1 && w.startsWith(word)) best = Math.min(best, 0.5);
          else {
            const distance = editDistance(word, w, allowed);
            if (distance <= allowed) best = Math.min(best, distance);
          }
        }
        cost += best;
      }
    }
    if (Number.isFinite(cost)) scored.push({ user, cost });
  }
  return scored
    .sort(
      (a, b) =>
        a.cost - b.cost ||
        (a.user.name_key < b.user.name_key ? -1 : a.user.name_key > b.user.name_key ? 1 : 0),
    )
    .map((s) => s.user);
}
