/**
 * The key place names are compared on: lower case, no accents, ligatures opened, punctuation as spaces, and the
 * abbreviations of addresses spelt out ("St" → saint, "Ste" → sainte), so that "ST-DENIS", "Saint Denis" and
 * "saint-denis" meet. A trailing CEDEX (with its office number) is dropped: it names a mail route, not a place.
 */
export function placeKey(value: string): string {
  const words = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  const cedex = words.indexOf('cedex');
  const kept = cedex >= 0 ? words.slice(0, cedex) : words;
  return kept.map((w) => ABBREVIATIONS[w] ?? w).join(' ');
}

const ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** "Ulis (Les)" → "Les Ulis": the article some files put last. */
export function articleFirst(value: string): string {
  const match = /^(.*?)\s*\((les?|la|l['’])\)\s*$/i.exec(value.trim());
  if (!match?.[1] || !match[2]) return value;
  const article = match[2];
  return /['’]$/.test(article) ? `${article}${match[1]}` : `${article} ${match[1]}`;
}

/** How alike two keys are, 0…1: 1 when equal, 0.85 when one is the other's leading words, else by edit distance. */
export function keySimilarity(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  if (a === b) return 1;
  if (b.startsWith(`${a} `) || a.startsWith(`${b} `)) return 0.85;
  const distance = editDistance(a, b);
  return Math.max(0, 1 - distance / Math.max(a.length, b.length));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
