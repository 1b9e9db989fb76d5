import { join } from 'node:path';
import { buildApp } from './app.ts';
import { OffsetClock, systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createSupportAccount } from './accounts/create-support-account.ts';
import { DatabaseLockedError, openDatabase } from './db/client.ts';
import { DEMO_PASSWORD, seedDemo } from './db/demo-seed.ts';
import { createWorker } from './jobs/worker.ts';
import { ensureCommunes } from './geo/ensure-communes.ts';
import { syncActivityZones } from './professionals/activity-zone.ts';
import { DataCipher, randomToken, resolveDataKey } from './shared/crypto.ts';

async function main() {
  const config = loadConfig();
  // The demo's local PSC provider (oidc-provider is large) loads while the database opens.
  const demoPscModule =
    config.demo && !config.psc
      ? import('./psc/demo.ts').catch((error: unknown) => {
          process.stderr.write(`demo PSC provider unavailable: ${String(error)}\n`);
          return null;
        })
      : null;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'),
  });
  const communes = await ensureCommunes({ database, config });
  const key = resolveDataKey(config.dataKeyHex, config.dataDir);
  const clock = config.testMode ? new OffsetClock() : systemClock;
  const cipher = new DataCipher(key.key);
  let runDueWork = () => Promise.resolve();
  const { app, deps } = await buildApp({ config, database, clock, cipher, runDueWork: () => runDueWork() });
  if (key.generatedAt)
    app.log.warn(
      `RELAIS_DATA_KEY is not set: using the key generated in ${key.generatedAt}. Set RELAIS_DATA_KEY in production.`,
    );
  if (communes.loaded) app.log.info({ rows: communes.rows, ms: Math.round(communes.ms) }, 'communes loaded');
  const worker = createWorker(deps);
  runDueWork = () => worker.runDueWork();

  if (config.support) {
    const created = await createSupportAccount(database.db, clock, config.support);
    if (created.created) app.log.info('support account created from RELAIS_SUPPORT_EMAIL');
  }
  const demoLogins = config.demo ? await seedDemo(database.db, clock) : null;
  // Every active professional has a zone (D5), even one who never opened Pref. PeC.
  const zones = await syncActivityZones(deps);
  if (zones) app.log.info({ professionals: zones }, 'activity zones built');

  await app.listen({ port: config.port, host: config.host });
  worker.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.port === port ? config.publicUrl : `http://${config.host}:${port}`;
  const lines = [
    `Relais écoute sur ${url} (base ${database.kind === 'embedded' ? 'embarquée' : 'PostgreSQL'})`,
  ];
  // D2 in the demo: without a real PSC issuer, a local PSC-like provider makes "Se connecter avec e-CPS" work.
  const demo = await demoPscModule;
  const demoPsc = demo ? await demo.startDemoPsc(app, config, url, randomToken()) : null;
  if (demoPsc) lines.push(`Pro Santé Connect de démonstration : ${demoPsc.issuer}`);
  if (demoLogins) {
    lines.push(
      '',
      `Démo — mot de passe commun : ${DEMO_PASSWORD}`,
      'Les codes SMS s’affichent ici, dans la console.',
    );
    for (const d of demoLogins) lines.push(`  ${d.role.padEnd(17)} ${d.name.padEnd(22)} ${d.login}`);
  }
  process.stdout.write(lines.join('\n') + '\n');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await worker.stop();
    await demoPsc?.close();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseLockedError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `Relais failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
