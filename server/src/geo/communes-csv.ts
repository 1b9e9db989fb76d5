import { placeKey } from './place-key.ts';

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

export const COMMUNES_COLUMNS = [
  'insee',
  'nom',
  'codes_postaux',
  'latitude',
  'longitude',
  'population',
] as const;

/** Municipal arrondissements and the city they divide; the national geocoder answers arrondissement codes. */
const ARRONDISSEMENTS: { parent: string; pattern: RegExp }[] = [
  { parent: '75056', pattern: /^751(0[1-9]|1\d|20)$/ },
  { parent: '69123', pattern: /^6938[1-9]$/ },
  { parent: '13055', pattern: /^132(0[1-9]|1[0-6])$/ },
];

export function parentOfArrondissement(insee: string): string | null {
  return ARRONDISSEMENTS.find((a) => a.pattern.test(insee))?.parent ?? null;
}

export class CommunesFileError extends Error {}

export interface ParsedCommunes {
  communes: CommuneRecord[];
  /** Lines skipped, with their number (1 = header) and why. */
  rejected: { line: number; reason: string }[];
}

/**
 * Parses the communes CSV (`insee,nom,codes_postaux,latitude,longitude,population`, columns in any order,
 * RFC 4180 quoting). A file without the expected columns is refused whole; a bad line is skipped and reported.
 */
export function parseCommunesCsv(text: string): ParsedCommunes {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const missing = COMMUNES_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new CommunesFileError(
      `Communes file: missing column(s) ${missing.join(', ')} (expected ${COMMUNES_COLUMNS.join(',')})`,
    );
  const at = Object.fromEntries(COMMUNES_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof COMMUNES_COLUMNS)[number],
    number
  >;
  const communes: CommuneRecord[] = [];
  const rejected: ParsedCommunes['rejected'] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw === undefined || raw.trim() === '') continue;
    const cells = splitCsvLine(raw);
    const cell = (column: (typeof COMMUNES_COLUMNS)[number]) => (cells[at[column]] ?? '').trim();
    const insee = cell('insee').toUpperCase();
    const name = cell('nom');
    const problem = lineProblem(insee, name, cell('latitude'), cell('longitude'), cell('population'), seen);
    if (problem) {
      rejected.push({ line: i + 1, reason: problem });
      continue;
    }
    seen.add(insee);
    const lat = cell('latitude') === '' ? null : Number(cell('latitude'));
    const lon = cell('longitude') === '' ? null : Number(cell('longitude'));
    communes.push({
      insee,
      name,
      searchKey: placeKey(name),
      postalCodes: [
        ...new Set(
          cell('codes_postaux')
            .split(/[\s;]+/)
            .filter((p) => /^\d{5}$/.test(p)),
        ),
      ],
      lat: lat !== null && lon !== null ? lat : null,
      lon: lat !== null && lon !== null ? lon : null,
      population: cell('population') === '' ? 0 : Number(cell('population')),
      parentInsee: null,
      hasArrondissements: false,
    });
  }
  const present = new Set(communes.map((c) => c.insee));
  const parents = new Set<string>();
  for (const c of communes) {
    const parent = parentOfArrondissement(c.insee);
    if (parent && present.has(parent)) {
      c.parentInsee = parent;
      parents.add(parent);
    }
  }
  for (const c of communes) c.hasArrondissements = parents.has(c.insee);
  return { communes, rejected };
}

function lineProblem(
  insee: string,
  name: string,
  lat: string,
  lon: string,
  population: string,
  seen: Set<string>,
): string | null {
  if (!/^(\d{2}|2A|2B)\d{3}$/.test(insee)) return `invalid INSEE code "${insee}"`;
  if (seen.has(insee)) return `duplicate INSEE code ${insee}`;
  if (name === '') return 'empty name';
  if ((lat === '') !== (lon === '')) return 'latitude without longitude (or the reverse)';
  if (lat !== '' && !(Math.abs(Number(lat)) <= 90)) return `invalid latitude "${lat}"`;
  if (lon !== '' && !(Math.abs(Number(lon)) <= 180)) return `invalid longitude "${lon}"`;
  if (population !== '' && !/^\d+$/.test(population)) return `invalid population "${population}"`;
  return null;
}

/** One CSV line into cells; doubled quotes inside quoted cells. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
