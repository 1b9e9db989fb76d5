/**
 * What every browser journey needs: a real Relais server (built web app, embedded database in a fresh folder,
 * test mode for the clock and the outbox) and Debian's Chromium driven by playwright-core at phone size.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Where journeys put their screenshots; `RELAIS_SCREENS_DIR` sends them elsewhere (as for screens.ts). */
export const SCREENS_DIR = process.env.RELAIS_SCREENS_DIR ?? join(root, '.tmp/screens');
export const DEMO_PASSWORD = 'Relais-demo-Evry-2026';

export interface RelaisServer {
  url: string;
  stop(): Promise<void>;
  /** The latest SMS sent to this number (test outbox), waiting for it to be written. */
  lastSms(to: string, pattern?: RegExp): Promise<string>;
  moveClock(ms: number): Promise<void>;
}

/** Starts `server/src/main.ts` on a free port with a fresh data folder; the demo territory is seeded. */
export async function startServer(env: Record<string, string> = {}): Promise<RelaisServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relais-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      RELAIS_DATA_DIR: dataDir,
      RELAIS_TEST_MODE: '1',
      RELAIS_DEMO: '1',
      RELAIS_LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => {
        // Not left running behind a failed journey (it would hold a port and a CPU).
        child.kill('SIGTERM');
        reject(new Error(`server did not start:\n${output}`));
      },
      Number(process.env.RELAIS_E2E_START_MS ?? 180_000),
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Relais écoute sur (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)}:\n${output}`));
    });
  });
  const server: RelaisServer = {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGTERM');
      }),
    async lastSms(to, pattern = /\b(\d{6})\b/) {
      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${url}/api/test/outbox?channel=sms&to=${encodeURIComponent(to)}`);
        const messages = (await res.json()) as { body: string }[];
        const found = pattern.exec(messages[0]?.body ?? '')?.[1];
        if (found) return found;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`no SMS to ${to} matching ${String(pattern)}`);
    },
    async moveClock(ms) {
      await fetch(`${url}/api/test/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: ms }),
      });
    },
  };
  return server;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.RELAIS_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized context (390×844, touch), French locale: one per user of a journey. */
export async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  return { context, page: await context.newPage() };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });
}

/** Draws a schéma by dragging from dot to dot, as a finger would. */
export async function drawPattern(page: Page, dots: number[]): Promise<void> {
  const centres: { x: number; y: number }[] = [];
  for (const dot of dots) {
    const box = await page.getByRole('button', { name: `Point ${dot + 1}`, exact: true }).boundingBox();
    if (!box) throw new Error(`dot ${dot} not visible`);
    centres.push({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
  }
  const [first, ...rest] = centres;
  if (!first) return;
  await page.mouse.move(first.x, first.y);
  await page.mouse.down();
  for (const c of rest) await page.mouse.move(c.x, c.y, { steps: 6 });
  await page.mouse.up();
}

/** Password + SMS code on a new device, then a new schéma (the first login of a professional on a phone). */
export async function firstLogin(
  server: RelaisServer,
  page: Page,
  who: { login: string; password: string; phone: string },
  pattern = [0, 3, 6, 7, 8],
): Promise<void> {
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Identifiant').fill(who.login);
  await page.getByLabel('Mot de passe', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByLabel('Code reçu par SMS').fill(await server.lastSms(who.phone));
  await page.getByRole('button', { name: 'Valider' }).click();
  await drawPattern(page, pattern);
  await drawPattern(page, pattern);
}
