import { basename } from 'node:path';
import { identifierProblem } from '@relais/contracts';
import { readDataLines, type Encoding, type FileShape } from './annuaire-files.ts';
import type { TableSink } from './import-session.ts';
import { normalizeName, personKeys } from './name-key.ts';

/** Columns of directory_persons a file fills, in the order rows are pushed. */
export const PERSON_LOAD_COLUMNS = [
  'national_id',
  'identifier_type',
  'identifier',
  'practice_civility',
  'civility',
  'last_name',
  'first_name',
  'profession_code',
  'profession_label',
  'skill_code',
  'skill_label',
  'activities',
  'search_key',
  'search_key_rev',
  'search_key_alt',
  'line',
] as const;
export const MAILBOX_LOAD_COLUMNS = ['national_id', 'address', 'mailbox_type', 'line'] as const;

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
export class LineErrors {
  readonly kept: LineError[] = [];
  count = 0;
  add(file: string, line: number, reason: string): void {
    this.count++;
    if (this.kept.length < 100) this.kept.push({ file, line, reason });
  }
}

interface LoadContext {
  counts: LoadCounts;
  errors: LineErrors;
  /** Called after each chunk of lines: progress reports, cancellation. */
  tick: () => Promise<void>;
}

const IDENTIFIER_TYPES: Record<string, 'rpps' | 'adeli'> = { '8': 'rpps', '0': 'adeli' };

function fieldCountProblem(fields: string[], shape: FileShape<'persons' | 'mssante'>): string | null {
  // The trailing '|' makes one empty last field; a line without it is accepted too.
  if (fields.length === shape.fieldCount || fields.length === shape.fieldCount - 1) return null;
  return `${fields.length - 1} colonnes au lieu de ${shape.fieldCount - 1}`;
}

/** Keeps the normalised form of the names met (they repeat a lot), within a bound. */
function cachedNormalizer(): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = normalizeName(text);
      if (cache.size > 200_000) cache.clear();
      cache.set(text, value);
    }
    return value;
  };
}

interface PendingPerson {
  values: (string | number | null)[];
  activities: string[];
  words: string[];
}

/**
 * Streams PS_LibreAcces_Personne_activite into `sink`: the rows of one person (consecutive lines with the same
 * IDNPS) become one row with their activities; `words` counts the words of the names (the typo dictionary).
 */
export async function loadPersons(
  shape: FileShape<'persons'>,
  sink: TableSink,
  words: Map<string, number>,
  context: LoadContext,
): Promise<Encoding> {
  const file = basename(shape.path);
  const c = shape.columns;
  const normalize = cachedNormalizer();
  const { counts, errors } = context;
  let current: { nationalId: string; person: PendingPerson } | undefined;

  const emit = () => {
    if (!current) return;
    const { person } = current;
    person.values[11] = `[${person.activities.join(',')}]`;
    sink.push(person.values);
    for (const word of new Set(person.words)) words.set(word, (words.get(word) ?? 0) + 1);
    counts.persons++;
    current = undefined;
  };

  const encoding = await readDataLines(shape.path, async (lines, firstLine) => {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] ?? '';
      if (text === '') continue;
      counts.rows++;
      const line = firstLine + i;
      const f = text.split('|');
      const shapeProblem = fieldCountProblem(f, shape);
      if (shapeProblem) {
        errors.add(file, line, shapeProblem);
        continue;
      }
      const get = (index: number) => (f[index] ?? '').trim();
      const typeDigit = get(c.identifierType);
      const identifierType = IDENTIFIER_TYPES[typeDigit];
      if (!identifierType) {
        errors.add(file, line, `type d’identifiant inconnu « ${typeDigit} » (8 = RPPS, 0 = ADELI)`);
        continue;
      }
      const identifier = get(c.identifier);
      const problem = identifierProblem(identifierType, identifier);
      if (problem) {
        errors.add(file, line, problem);
        continue;
      }
      const lastName = get(c.lastName);
      if (!lastName) {
        errors.add(file, line, 'nom d’exercice vide');
        continue;
      }
      const professionCode = get(c.professionCode);
      if (!professionCode) {
        errors.add(file, line, 'code profession vide');
        continue;
      }
      const nationalId = get(c.nationalId) || typeDigit + identifier;
      if (current?.nationalId !== nationalId) {
        emit();
        const firstName = get(c.firstName);
        const keys = personKeys(lastName, firstName, normalize);
        current = {
          nationalId,
          person: {
            values: [
              nationalId,
              identifierType,
              identifier,
              get(c.practiceCivility) || null,
              get(c.civility) || null,
              lastName,
              firstName,
              professionCode,
              get(c.professionLabel) || null,
              get(c.skillCode) || null,
              get(c.skillLabel) || null,
              null,
              keys.key,
              keys.reversed,
              keys.alternate,
              line,
            ],
            activities: [],
            words: keys.key.split(' '),
          },
        };
      }
      const activity = activityOf(get, c);
      if (activity) current.person.activities.push(activity);
    }
    await sink.flush();
    await context.tick();
  });
  emit();
  return encoding;
}

type PersonColumns = FileShape<'persons'>['columns'];

function activityOf(get: (index: number) => string, c: PersonColumns): string | null {
  const structureName = get(c.structureName) || get(c.structureBrand);
  const street = [get(c.streetNumber), get(c.streetRepeat), get(c.streetType), get(c.streetName)]
    .filter(Boolean)
    .join(' ');
  const address = [get(c.addressRecipient), get(c.addressPlace), street, get(c.addressMention)]
    .filter(Boolean)
    .join(', ');
  const postalCode = get(c.postalCode) || (/^\d{5}/.exec(get(c.cedex))?.[0] ?? '');
  const communeCode = get(c.communeCode);
  const communeName = get(c.communeName);
  if (!structureName && !address && !postalCode && !communeCode) return null;
  return JSON.stringify({
    structureName: structureName || null,
    address: address || null,
    postalCode: postalCode || null,
    communeCode: communeCode || null,
    communeName: communeName || null,
    phone: get(c.phone) || null,
  });
}

const MAILBOX = /^[^@\s|]+@[^@\s|]+\.[^@\s|]+$/;

/** Streams Extraction_Correspondance_MSSante into `sink`: the mailboxes that belong to a person (PP). */
export async function loadMailboxes(
  shape: FileShape<'mssante'>,
  sink: TableSink,
  context: LoadContext,
): Promise<Encoding> {
  const file = basename(shape.path);
  const c = shape.columns;
  const { counts, errors } = context;
  return readDataLines(shape.path, async (lines, firstLine) => {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] ?? '';
      if (text === '') continue;
      counts.rows++;
      const line = firstLine + i;
      const f = text.split('|');
      const shapeProblem = fieldCountProblem(f, shape);
      if (shapeProblem) {
        errors.add(file, line, shapeProblem);
        continue;
      }
      const get = (index: number) => (f[index] ?? '').trim();
      const identifier = get(c.identifier);
      const nationalId = get(c.nationalId) || (identifier ? get(c.identifierType) + identifier : '');
      // Organisations' and applications' mailboxes name no person: not ours to keep.
      if (!nationalId) continue;
      const address = get(c.address);
      if (!MAILBOX.test(address)) {
        errors.add(file, line, `adresse MSSanté invalide « ${address.slice(0, 80)} »`);
        continue;
      }
      sink.push([nationalId, address.toLowerCase(), get(c.mailboxType) || null, line]);
      counts.mailboxes++;
    }
    await sink.flush();
    await context.tick();
  });
}
