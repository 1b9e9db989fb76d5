import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { createSupportAccount } from '../accounts/create-support-account.ts';
import { openDatabase } from '../db/client.ts';
import { AppError } from '../shared/errors.ts';

/** `npm run support:create -- --email a@b.fr --phone 06… [--first-name …] [--last-name …]`; password asked. */
async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      phone: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
    },
  });
  if (!values.email || !values.phone) {
    process.stderr.write(
      'Usage: npm run support:create -- --email <e-mail> --phone <mobile> [--first-name …] [--last-name …]\n',
    );
    process.exit(2);
  }
  const password =
    process.env.RELAIS_SUPPORT_PASSWORD ??
    (await createInterface({ input: process.stdin, output: process.stderr }).question(
      'Mot de passe (12 caractères au moins) : ',
    ));
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'),
  });
  try {
    const result = await createSupportAccount(database.db, systemClock, {
      email: values.email,
      password,
      phone: values.phone,
      ...(values['first-name'] ? { firstName: values['first-name'] } : {}),
      ...(values['last-name'] ? { lastName: values['last-name'] } : {}),
    });
    process.stdout.write(
      result.created ? `Compte support créé (${result.id}).\n` : 'Ce compte existe déjà.\n',
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const details = error instanceof AppError ? JSON.stringify(error.details ?? '') : '';
  process.stderr.write(`${error instanceof Error ? error.message : String(error)} ${details}\n`);
  process.exit(1);
});
