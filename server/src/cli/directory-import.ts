/**
 * The daily refresh of the national directory, in one command:
 *
 *   npm run directory:import -- <folder> [--force]
 *
 * Imports the newest PS_LibreAcces_Personne_activite_*.txt and Extraction_Correspondance_MSSante_*.txt of the
 * folder into the database of DATABASE_URL, or into the embedded one (RELAIS_DATA_DIR) when it is unset, and
 * prints progress and a summary. Exit code 0 on success, 1 when the import failed, 2 when it could not start.
 */
import { join, resolve } from 'node:path';
import { readJob } from '../directory/jobs.ts';
import type { RequestContext } from '../audit/append-audit.ts';
import { systemClock } from '../clock.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { DatabaseLockedError, openDatabase, type Database } from '../db/client.ts';
import { FileShapeError, findNewestFiles } from '../directory/annuaire-files.ts';
import { startDirectoryImport } from '../directory/import-directory.ts';
import { AppError } from '../shared/errors.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
const n = (value: number) => value.toLocaleString('fr-FR');

const STEPS: Record<string, string> = {
  reading: 'lecture',
  checking: 'contrôle',
  indexing: 'indexation',
  comparing: 'comparaison',
  switching: 'bascule',
  done: 'terminé',
};

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const folderArg = args.find((a) => !a.startsWith('--'));
  if (!folderArg) throw new CliError('Usage : npm run directory:import -- <dossier> [--force]', 2);
  // npm runs workspace scripts from server/: a relative folder means the one the command was typed in.
  const folder = resolve(process.env.INIT_CWD ?? process.cwd(), folderArg);

  const config = loadConfig();
  let files;
  try {
    files = await findNewestFiles(folder);
  } catch (error) {
    if (error instanceof FileShapeError) throw new CliError(error.message, 2);
    throw error;
  }

  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'),
      poolSize: 3,
    });
  } catch (error) {
    if (error instanceof DatabaseLockedError)
      throw new CliError(
        `${error.message}\nLa base embarquée ne s’ouvre que dans un processus à la fois : arrêtez le serveur Relais ` +
          'le temps de l’import, ou importez depuis la console support (POST /api/admin/directory/import avec ' +
          '{"folder": …} pour un dossier du répertoire de données).',
        2,
      );
    throw error;
  }

  try {
    out(`Annuaire Santé : ${files.persons}`);
    out(`                 ${files.mssante}`);
    out(
      `Base : ${database.kind === 'embedded' ? `embarquée (${join(config.dataDir, 'pglite')})` : 'PostgreSQL'}`,
    );
    const ctx: RequestContext = {
      actorId: null,
      actorRole: null,
      ip: null,
      userAgent: 'cli directory:import',
    };
    const started = await startDirectoryImport(
      { database, clock: systemClock, log: { error: (obj) => err(String((obj as { err?: unknown }).err)) } },
      ctx,
      files,
      { force },
    ).catch((error: unknown) => {
      if (error instanceof AppError) throw new CliError(error.message, 2);
      throw error;
    });
    const begun = Date.now();
    let last = '';
    const result = await started.run((p) => {
      const step = STEPS[p.step ?? ''] ?? p.step ?? '';
      const line = `  ${step.padEnd(12)} ${n(p.rows)} lignes, ${n(p.persons)} personnes, ${n(p.malformed)} lignes mal formées`;
      if (line !== last) err(line);
      last = line;
    });
    const job = await readJob(database.db, systemClock, started.jobId);
    const seconds = ((Date.now() - begun) / 1000).toFixed(1);
    for (const e of job?.errors.slice(0, 10) ?? []) err(`  ${e.file ?? ''} ligne ${e.line} : ${e.reason}`);
    if ((job?.progress.malformed ?? 0) > 10)
      err(`  … ${n((job?.progress.malformed ?? 0) - 10)} autres lignes mal formées`);
    if (!result)
      throw new CliError(`Échec de l’import (${seconds} s) : ${job?.failure ?? 'raison inconnue'}`, 1);
    out(
      `Import terminé en ${seconds} s : ${n(result.persons)} personnes (${n(result.added)} nouvelles, ` +
        `${n(result.changed)} modifiées, ${n(result.reactivated)} réapparues, ${n(result.deactivated)} devenues ` +
        `inactives, ${n(result.unchanged)} inchangées), ${n(result.mailboxes)} adresses MSSanté, ` +
        `${n(job?.progress.malformed ?? 0)} lignes mal formées, ${n(result.duplicates)} identifiants répétés.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError) {
      err(error.message);
      process.exit(error.exitCode);
    }
    if (error instanceof ConfigError) {
      err(error.message);
      process.exit(2);
    }
    err(`Échec : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
