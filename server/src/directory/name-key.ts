/**
 * How names are compared: lower case, no accent, ligatures spelled out, apostrophes closed up ("N'Diaye" →
 * "ndiaye"), any other separator a single space. Import and search normalise with these same functions.
 */
export function normalizeName(text: string): string {
  const ascii = /^[\x20-\x7e]*$/.test(text);
  const key = (ascii ? text.replace(/['`]/g, '') : spellOut(text))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  // Derived from a decomposed (two-byte) string, the key would stay two-byte in V8 and make every string built
  // from it twice as large and slow: a national import writes a million of them.
  return ascii ? key : Buffer.from(key, 'latin1').toString('latin1');
}

function spellOut(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/['’ʼ`´]/g, '');
}

/** Leading words a last name is also looked up without: "de La Fontaine" is found as "fontaine". */
const PARTICLES = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'd',
  'l',
  'da',
  'das',
  'do',
  'dos',
  'di',
  'del',
  'della',
  'van',
  'von',
  'der',
  'den',
  'ten',
  'ter',
]);

export interface PersonKeys {
  /** "last first" */
  key: string;
  /** "last first" without the last name's leading particles, or null when there are none. */
  alternate: string | null;
}

export function personKeys(
  lastName: string,
  firstName: string,
  normalize: (text: string) => string = normalizeName,
): PersonKeys {
  const last = normalize(lastName);
  const first = normalize(firstName);
  let bare = last;
  const elided = /^\s*[dl]\s*['’ʼ]\s*/i.exec(lastName);
  if (elided) bare = normalize(lastName.slice(elided[0].length));
  let space = bare.indexOf(' ');
  while (space > 0 && PARTICLES.has(bare.slice(0, space))) {
    bare = bare.slice(space + 1);
    space = bare.indexOf(' ');
  }
  return {
    key: joinWords(last, first),
    alternate: bare && bare !== last ? joinWords(bare, first) : null,
  };
}

function joinWords(a: string, b: string): string {
  return a && b ? `${a} ${b}` : a || b;
}

/** Edits a word of this length may hold and still match: none up to 3 letters, one up to 7, then two. */
export function maxEdits(length: number): number {
  return length <= 3 ? 0 : length <= 7 ? 1 : 2;
}

/** The word without one of its letters, each way (the dictionary side of the deletion neighbourhood). */
export function deletions(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  out.delete(word);
  return [...out];
}

/** What a query word is looked up with: itself, its deletions and, for long words, its double deletions. */
export function queryVariants(word: string): string[] {
  const out = new Set<string>([word]);
  const edits = maxEdits(word.length);
  if (edits === 0) return [...out];
  const first = deletions(word);
  for (const d of first) out.add(d);
  if (edits > 1) for (const d of first) for (const dd of deletions(d)) out.add(dd);
  return [...out];
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), or `max + 1` as soon as it is
 * known to exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  const distance = prev[n] ?? max + 1;
  return distance > max ? max + 1 : distance;
}
