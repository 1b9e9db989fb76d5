import { basename } from 'node:path';
import { identifierProblem } from '@relais/contracts';
import {
  bytesOf,
  detached,
  forEachLine,
  readDataLines,
  textOf,
  type Encoding,
  type FileShape,
} from './annuaire-files.ts';
import type { TableSink } from './import-session.ts';
import { NationalIdSet } from './national-id-set.ts';
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
  'search_key_alt',
  'line',
] as const;
const ACTIVITIES = PERSON_LOAD_COLUMNS.indexOf('activities');
export const MAILBOX_LOAD_COLUMNS = ['national_id', 'address', 'mailbox_type', 'line'] as const;

/** An activity as stored: a JSON array in this order (positions, not keys: a national file holds 1.5 million). */
export const ACTIVITY_FIELDS = [
  'structureName',
  'address',
  'postalCode',
  'communeCode',
  'communeName',
  'phone',
] as const;

/** The activities of a person as stored; a control character the source held does not make them unreadable. */
export function readActivities(json: string): (string | null)[][] {
  try {
    return JSON.parse(json) as (string | null)[][];
  } catch {
    // eslint-disable-next-line no-control-regex -- control characters are what makes the JSON unreadable
    return JSON.parse(json.replace(/[\x00-\x1f]/g, ' ')) as (string | null)[][];
  }
}

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
  /** Called after each chunk of lines: progress reports. */
  tick: () => Promise<void>;
}

/**
 * Picks the fields at `positions` (ascending) out of the '|'-separated line text[start, end) without splitting
 * all of it, and counts its fields. Lines are byte strings (see `readDataLines`).
 */
function fieldPicker(positions: readonly number[]) {
  const picked = new Array<string>(positions.length).fill('');
  return {
    picked,
    /** Fills `picked`, returns the number of fields of the line. */
    pick(text: string, start: number, end: number): number {
      picked.fill('');
      let index = 0;
      let k = 0;
      let next = positions[0] ?? -1;
      for (;;) {
        let bar = text.indexOf('|', start);
        if (bar < 0 || bar > end) bar = end;
        if (index === next) {
          picked[k] = text.slice(start, bar);
          next = positions[++k] ?? -1;
        }
        if (bar === end) return index + 1;
        start = bar + 1;
        index++;
      }
    },
  };
}

/** The trailing '|' makes one empty last field; a line without it is accepted too. */
function fieldCountProblem(count: number, shape: FileShape<'persons' | 'mssante'>): string | null {
  if (count === shape.fieldCount || count === shape.fieldCount - 1) return null;
  return `${count - 1} colonnes au lieu de ${shape.fieldCount - 1}`;
}

/** `convert`, remembering its answers for values met again and again (names), within a bound. */
function cached(convert: (value: string) => string): (value: string) => string {
  const cache = new Map<string, string>();
  return (value) => {
    let result = cache.get(value);
    if (result === undefined) {
      result = detached(convert(value));
      if (cache.size > 200_000) cache.clear();
      cache.set(detached(value), result);
    }
    return result;
  };
}

/** Adds one to the count of `key`; a new key is stored detached from the chunk it was read in. */
function increment(counts: Map<string, number>, key: string): void {
  const count = counts.get(key);
  if (count === undefined) counts.set(detached(key), 1);
  else counts.set(key, count + 1);
}

const IDENTIFIER_TYPES: Record<string, 'rpps' | 'adeli'> = { '8': 'rpps', '0': 'adeli' };
/** What COPY's text format or JSON would have to escape (see `hasSpecial`). */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters looked for
const NEEDS_ESCAPING = /[\x00\t"\\]/;

const quoted = (value: string, clean: boolean) =>
  value === '' ? 'null' : clean ? `"${value}"` : JSON.stringify(value);

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

/** Persons out of place held in memory at most; past that they go to the table and SQL merges them. */
const MAX_LATE = 50_000;

/**
 * Streams PS_LibreAcces_Personne_activite into `sink`: the rows of one person (consecutive lines with the same
 * IDNPS) become one row with their activities; `words` counts the words of the names (the typo dictionary).
 * An IDNPS seen before, not on the line just above, is held apart (`late`): the file is not sorted by person, or
 * two persons share a number.
 */
export async function loadPersons(
  shape: FileShape<'persons'>,
  sink: TableSink,
  words: Map<string, number>,
  context: LoadContext,
  maxLate = MAX_LATE,
): Promise<PersonsLoaded> {
  const file = basename(shape.path);
  const c = shape.columns;
  const order = Object.keys(c) as (keyof typeof c)[];
  order.sort((a, b) => c[a] - c[b]);
  const slot = Object.fromEntries(order.map((name, i) => [name, i])) as Record<keyof typeof c, number>;
  const picker = fieldPicker(order.map((name) => c[name]));
  const f = picker.picked;
  const text_ = cached(textOf);
  const normalize = cached(normalizeName);
  const { counts, errors } = context;

  let nationalId = '';
  let person: (string | number | null)[] | undefined;
  let activities: string[] = [];
  let clean = true;
  const seen = new NationalIdSet();
  // Persons per name as written (names repeat: a few hundred thousand at most), turned into word counts at the end.
  const lastNames = new Map<string, number>();
  const firstNames = new Map<string, number>();
  const late: LatePerson[] = [];
  let lateInTable = false;

  const emit = () => {
    if (!person) return;
    person[ACTIVITIES] = `[${activities.join(',')}]`;
    if (!seen.add(person[0] as string) && !lateInTable) {
      late.push({ values: person.map((v) => (typeof v === 'string' ? detached(v) : v)), clean });
      if (late.length > maxLate) {
        lateInTable = true;
        for (const extra of late.splice(0)) sink.push(extra.values, extra.clean);
      }
      person = undefined;
      return;
    }
    sink.push(person, clean);
    const last = person[5] as string;
    const first = person[6] as string;
    increment(lastNames, last);
    increment(firstNames, first);
    counts.persons++;
    person = undefined;
  };

  const onLine = (text: string, start: number, end: number, lineNumber: number, chunkClean: boolean) => {
    counts.rows++;
    const shapeProblem = fieldCountProblem(picker.pick(text, start, end), shape);
    if (shapeProblem) {
      errors.add(file, lineNumber, shapeProblem);
      return;
    }
    const typeDigit = (f[slot.identifierType] ?? '').trim();
    const identifierType = IDENTIFIER_TYPES[typeDigit];
    if (!identifierType) {
      errors.add(
        file,
        lineNumber,
        `type d’identifiant inconnu « ${textOf(typeDigit)} » (8 = RPPS, 0 = ADELI)`,
      );
      return;
    }
    const identifier = (f[slot.identifier] ?? '').trim();
    const problem = identifierProblem(identifierType, identifier);
    if (problem) {
      errors.add(file, lineNumber, problem);
      return;
    }
    const lastName = (f[slot.lastName] ?? '').trim();
    if (!lastName) {
      errors.add(file, lineNumber, 'nom d’exercice vide');
      return;
    }
    const professionCode = (f[slot.professionCode] ?? '').trim();
    if (!professionCode) {
      errors.add(file, lineNumber, 'code profession vide');
      return;
    }
    const id = (f[slot.nationalId] ?? '').trim() || typeDigit + identifier;
    const lineClean = chunkClean || !NEEDS_ESCAPING.test(text.slice(start, end));
    if (id !== nationalId || !person) {
      emit();
      nationalId = id;
      activities = [];
      clean = lineClean;
      const firstName = (f[slot.firstName] ?? '').trim();
      const keys = personKeys(text_(lastName), text_(firstName), normalize);
      person = [
        id,
        identifierType,
        identifier,
        f[slot.practiceCivility] || null,
        f[slot.civility] || null,
        lastName,
        firstName,
        professionCode,
        f[slot.professionLabel] || null,
        f[slot.skillCode] || null,
        f[slot.skillLabel] || null,
        null,
        keys.key,
        keys.alternate,
        lineNumber,
      ];
    } else clean &&= lineClean;
    const activity = activityOf(f, slot, lineClean);
    if (activity) activities.push(activity);
  };

  const encoding = await readDataLines(shape.path, async (chunk) => {
    forEachLine(chunk, (text, start, end, lineNumber) => {
      onLine(text, start, end, lineNumber, chunk.clean);
    });
    await sink.flush();
    await context.tick();
  });
  emit();
  for (const names of [lastNames, firstNames])
    for (const [name, persons] of names)
      for (const word of new Set(normalize(text_(name)).split(' ')))
        if (word) words.set(word, (words.get(word) ?? 0) + persons);
  return { encoding, late, lateInTable };
}

type Slots = Record<keyof FileShape<'persons'>['columns'], number>;

function activityOf(f: string[], slot: Slots, clean: boolean): string | null {
  const structureName = f[slot.structureName] || f[slot.structureBrand] || '';
  let street = f[slot.streetNumber] ?? '';
  street = appended(street, f[slot.streetRepeat], ' ');
  street = appended(street, f[slot.streetType], ' ');
  street = appended(street, f[slot.streetName], ' ');
  let address = appended('', f[slot.addressRecipient], ', ');
  address = appended(address, f[slot.addressPlace], ', ');
  address = appended(address, street, ', ');
  address = appended(address, f[slot.addressMention], ', ');
  const postalCode = f[slot.postalCode] || (/^\d{5}/.exec(f[slot.cedex] ?? '')?.[0] ?? '');
  const communeCode = f[slot.communeCode] ?? '';
  if (!structureName && !address && !postalCode && !communeCode) return null;
  return `[${quoted(structureName, clean)},${quoted(address, clean)},${quoted(postalCode, clean)},${quoted(communeCode, clean)},${quoted(f[slot.communeName] ?? '', clean)},${quoted(f[slot.phone] ?? '', clean)}]`;
}

function appended(text: string, part: string | undefined, separator: string): string {
  return part ? (text ? text + separator + part : part) : text;
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
  const order = (Object.keys(c) as (keyof typeof c)[]).sort((a, b) => c[a] - c[b]);
  const slot = Object.fromEntries(order.map((name, i) => [name, i])) as Record<keyof typeof c, number>;
  const picker = fieldPicker(order.map((name) => c[name]));
  const f = picker.picked;
  const { counts, errors } = context;
  const onLine = (text: string, start: number, end: number, lineNumber: number, chunkClean: boolean) => {
    counts.rows++;
    const shapeProblem = fieldCountProblem(picker.pick(text, start, end), shape);
    if (shapeProblem) {
      errors.add(file, lineNumber, shapeProblem);
      return;
    }
    const identifier = (f[slot.identifier] ?? '').trim();
    const nationalId =
      (f[slot.nationalId] ?? '').trim() ||
      (identifier ? (f[slot.identifierType] ?? '').trim() + identifier : '');
    // Organisations' and applications' mailboxes name no person: not ours to keep.
    if (!nationalId) return;
    const address = (f[slot.address] ?? '').trim();
    if (!MAILBOX.test(address)) {
      errors.add(file, lineNumber, `adresse MSSanté invalide « ${textOf(address).slice(0, 80)} »`);
      return;
    }
    const lower = /^[\x21-\x7e]+$/.test(address)
      ? address.toLowerCase()
      : bytesOf(textOf(address).toLowerCase());
    const clean = chunkClean || !NEEDS_ESCAPING.test(text.slice(start, end));
    sink.push([nationalId, lower, f[slot.mailboxType] || null, lineNumber], clean);
    counts.mailboxes++;
  };
  return readDataLines(shape.path, async (chunk) => {
    forEachLine(chunk, (text, start, end, lineNumber) => {
      onLine(text, start, end, lineNumber, chunk.clean);
    });
    await sink.flush();
    await context.tick();
  });
}
