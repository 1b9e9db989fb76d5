import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isAscii, isUtf8 } from 'node:buffer';

/**
 * The two public extraction files of the Annuaire Santé, as `../shared/tools/gen-annuaire.mjs` writes them:
 * '|' separated, one header line, a trailing '|' on every line, no quoting. Columns are found by their header
 * name, so a reordering of the file does not matter; a missing one refuses the file.
 */
export const PERSON_COLUMNS = {
  identifierType: "Type d'identifiant PP",
  identifier: 'Identifiant PP',
  nationalId: 'Identification nationale PP',
  practiceCivility: "Code civilité d'exercice",
  civility: 'Code civilité',
  lastName: "Nom d'exercice",
  firstName: "Prénom d'exercice",
  professionCode: 'Code profession',
  professionLabel: 'Libellé profession',
  skillCode: 'Code savoir-faire',
  skillLabel: 'Libellé savoir-faire',
  structureName: 'Raison sociale site',
  structureBrand: 'Enseigne commerciale site',
  addressRecipient: 'Complément destinataire (coord. structure)',
  addressPlace: 'Complément point géographique (coord. structure)',
  streetNumber: 'Numéro Voie (coord. structure)',
  streetRepeat: 'Indice répétition voie (coord. structure)',
  streetType: 'Libellé type de voie (coord. structure)',
  streetName: 'Libellé Voie (coord. structure)',
  addressMention: 'Mention distribution (coord. structure)',
  cedex: 'Bureau cedex (coord. structure)',
  postalCode: 'Code postal (coord. structure)',
  communeCode: 'Code commune (coord. structure)',
  communeName: 'Libellé commune (coord. structure)',
  phone: 'Téléphone (coord. structure)',
} as const;

export const MSSANTE_COLUMNS = {
  mailboxType: 'Type de BAL',
  address: 'Adresse BAL',
  identifierType: 'Type Identifiant PP',
  identifier: 'Identifiant PP',
  nationalId: 'Identification nationale PP',
} as const;

export type FileKind = 'persons' | 'mssante';
type Columns<K extends FileKind> = K extends 'persons' ? typeof PERSON_COLUMNS : typeof MSSANTE_COLUMNS;
export type ColumnIndex<K extends FileKind> = Record<keyof Columns<K>, number>;

const FILE_PATTERNS: Record<FileKind, RegExp> = {
  persons: /^PS_LibreAcces_Personne_activite_(.*)\.(txt|csv)$/i,
  mssante: /^Extraction_Correspondance_MSSante_(.*)\.(txt|csv)$/i,
};
export const FILE_LABELS: Record<FileKind, string> = {
  persons: 'PS_LibreAcces_Personne_activite_*.txt',
  mssante: 'Extraction_Correspondance_MSSante_*.txt',
};

export function fileKindOf(name: string): FileKind | undefined {
  if (FILE_PATTERNS.persons.test(name)) return 'persons';
  if (FILE_PATTERNS.mssante.test(name)) return 'mssante';
  return undefined;
}

/** Header names compared without accents, case, spaces or punctuation. */
const headerKey = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export class FileShapeError extends Error {
  constructor(
    message: string,
    readonly missingColumns: Partial<Record<FileKind, string[]>>,
  ) {
    super(message);
  }
}

export interface FileShape<K extends FileKind> {
  kind: K;
  path: string;
  /** Number of fields a data line has, the trailing '|' included. */
  fieldCount: number;
  columns: ColumnIndex<K>;
}

/** Reads the header line only: the columns the import needs, or a FileShapeError naming the missing ones. */
export async function readFileShape<K extends FileKind>(kind: K, path: string): Promise<FileShape<K>> {
  const handle = await open(path, 'r');
  let header: string;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    const end = bytes.indexOf(10);
    header = decodeLine(end < 0 ? bytes : bytes.subarray(0, end))
      .replace(/^\uFEFF/, '')
      .replace(/\r$/, '');
  } finally {
    await handle.close();
  }
  const fields = header.split('|');
  const positions = new Map<string, number>();
  fields.forEach((name, i) => {
    const key = headerKey(name);
    if (key && !positions.has(key)) positions.set(key, i);
  });
  const wanted = (kind === 'persons' ? PERSON_COLUMNS : MSSANTE_COLUMNS) as Record<string, string>;
  const columns: Record<string, number> = {};
  const missing: string[] = [];
  for (const [field, label] of Object.entries(wanted)) {
    const position = positions.get(headerKey(label));
    if (position === undefined) missing.push(label);
    else columns[field] = position;
  }
  if (missing.length > 0)
    throw new FileShapeError(
      `Le fichier ${basename(path)} n’a pas la forme d’un fichier ${FILE_LABELS[kind]} : colonnes manquantes : ${missing.join(', ')}.`,
      { [kind]: missing },
    );
  return { kind, path, fieldCount: fields.length, columns: columns as ColumnIndex<K> };
}

/** A line is UTF-8 when it decodes as such; otherwise it is Latin-1 (read as Windows-1252, its superset). */
const latin1 = new TextDecoder('windows-1252');
export function decodeLine(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : latin1.decode(bytes);
}

/**
 * Lines travel through the import as *byte strings*: one character per byte of their UTF-8 form (what
 * `buffer.toString('latin1')` gives). Splitting on '|' works on them as on text, they cost a fraction of real decoding,
 * and written back byte for byte (COPY) they are the original UTF-8. `textOf` gives the real text of one.
 */
export function textOf(bytes: string): string {
  return /[\x80-\xff]/.test(bytes) ? Buffer.from(bytes, 'latin1').toString('utf8') : bytes;
}

/** The byte string of a text: its UTF-8 bytes, one character each. */
export function bytesOf(text: string): string {
  return /[\u0080-\uffff]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

export type Encoding = 'utf-8' | 'latin-1' | 'mixed';

/**
 * Whether bytes hold a character that COPY's text format or JSON would escape: tab, quote, backslash, NUL (line
 * breaks end lines). Other control characters pass: COPY takes them, and readActivities() tolerates them.
 */
export function hasSpecial(bytes: Buffer): boolean {
  return bytes.indexOf(34) >= 0 || bytes.indexOf(92) >= 0 || bytes.indexOf(9) >= 0 || bytes.indexOf(0) >= 0;
}
// eslint-disable-next-line no-control-regex -- NUL is one of the characters looked for
const SPECIAL = /[\x00\t"\\]/;

/** A copy that owns its characters: a slice of a chunk would keep the whole chunk alive in a long-lived map. */
export function detached(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('latin1');
}

/** Whole lines of a file, `\n`-separated (a `\r` may end them), as UTF-8 byte strings. */
export interface LineChunk {
  text: string;
  firstLineNumber: number;
  /** No line holds a character COPY or JSON would escape (see `hasSpecial`). */
  clean: boolean;
}

/**
 * Streams a file's data lines (header excluded) as UTF-8 byte strings, a chunk of whole lines at a time:
 * constant memory, and no string per line (the consumer finds lines and fields with indexOf). A chunk that is
 * valid UTF-8 is taken as it is; otherwise each of its lines is checked on its own and a line that is not UTF-8
 * is read as Latin-1 and converted, so a Latin-1 file — or a file with a few Latin-1 lines — reads right.
 * `onChunk` may return a promise: reading waits for it (back-pressure).
 */
export async function readDataLines(
  path: string,
  onChunk: (chunk: LineChunk) => void | Promise<void>,
): Promise<Encoding> {
  let rest: Buffer = Buffer.alloc(0);
  let lineNumber = 1;
  let headerSkipped = false;
  const met = { utf8: false, latin1: false };
  const deliver = async (body: Buffer) => {
    let text: string;
    let lines = 1;
    let clean: boolean;
    if (isUtf8(body)) {
      text = body.toString('latin1');
      clean = !hasSpecial(body);
      met.utf8 ||= !isAscii(body);
      for (let at = body.indexOf(10); at >= 0; at = body.indexOf(10, at + 1)) lines++;
    } else {
      const converted: string[] = [];
      let start = 0;
      while (start <= body.length) {
        let end = body.indexOf(10, start);
        if (end < 0) end = body.length;
        const line = body.subarray(start, end);
        if (isUtf8(line)) {
          converted.push(line.toString('latin1'));
          met.utf8 ||= !isAscii(line);
        } else {
          converted.push(Buffer.from(latin1.decode(line), 'utf8').toString('latin1'));
          met.latin1 = true;
        }
        start = end + 1;
      }
      text = converted.join('\n');
      lines = converted.length;
      clean = !SPECIAL.test(text);
    }
    let first = lineNumber;
    lineNumber += lines;
    if (!headerSkipped) {
      headerSkipped = true;
      const end = text.indexOf('\n');
      text = end < 0 ? '' : text.slice(end + 1);
      first++;
      if (end < 0) return;
    }
    await onChunk({ text, firstLineNumber: first, clean });
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const firstEnd = chunk.indexOf(10);
    if (firstEnd < 0) {
      rest = Buffer.concat([rest, chunk]);
      continue;
    }
    // The line that straddles two chunks on its own, then the whole lines of this chunk without copying them.
    const lastEnd = chunk.lastIndexOf(10);
    if (rest.length > 0) {
      await deliver(Buffer.concat([rest, chunk.subarray(0, firstEnd)]));
      if (lastEnd > firstEnd) await deliver(chunk.subarray(firstEnd + 1, lastEnd));
    } else await deliver(chunk.subarray(0, lastEnd));
    rest = Buffer.from(chunk.subarray(lastEnd + 1));
  }
  if (rest.length > 0) await deliver(rest);
  return met.latin1 ? (met.utf8 ? 'mixed' : 'latin-1') : 'utf-8';
}

/** Calls `onLine` with the bounds of each line of a chunk (a final `\r` left out), empty lines skipped. */
export function forEachLine(
  chunk: LineChunk,
  onLine: (text: string, start: number, end: number, lineNumber: number) => void,
): void {
  const { text } = chunk;
  let start = 0;
  let lineNumber = chunk.firstLineNumber;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (lineEnd > start) onLine(text, start, lineEnd, lineNumber);
    start = end + 1;
    lineNumber++;
  }
}

export interface AnnuaireFiles {
  persons: string;
  mssante: string;
}

/** The newest file of each kind in a folder (by the stamp in its name, then by modification time). */
export async function findNewestFiles(folder: string): Promise<AnnuaireFiles> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    throw new FileShapeError(`Dossier introuvable ou illisible : ${folder}`, {});
  }
  const newest: Partial<Record<FileKind, { path: string; stamp: string; mtime: number }>> = {};
  for (const name of names) {
    const kind = fileKindOf(name);
    if (!kind) continue;
    const path = join(folder, name);
    const info = await stat(path);
    if (!info.isFile()) continue;
    const stamp = FILE_PATTERNS[kind].exec(name)?.[1] ?? '';
    const current = newest[kind];
    if (!current || stamp > current.stamp || (stamp === current.stamp && info.mtimeMs > current.mtime))
      newest[kind] = { path, stamp, mtime: info.mtimeMs };
  }
  const absent = (['persons', 'mssante'] as const).filter((k) => !newest[k]).map((k) => FILE_LABELS[k]);
  if (absent.length > 0 || !newest.persons || !newest.mssante)
    throw new FileShapeError(`Fichier absent du dossier ${folder} : ${absent.join(', ')}.`, {});
  return { persons: newest.persons.path, mssante: newest.mssante.path };
}
