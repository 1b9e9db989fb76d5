/**
 * D2 in a real browser, on a phone: "Se connecter avec e-CPS" → the local Pro Santé Connect provider the demo
 * starts (no PSC issuer configured) → back in Relais, logged in, no SMS code. Claire Martin (demo nurse) is
 * recognised by her RPPS; Élodie Marchand (not registered) completes phone and e-mail, then lands on Pref. PeC.
 * Logout can end the PSC session too; a cancelled e-CPS login says so in French.
 * Screenshots go to /tmp/relais-shots-psc/ (RELAIS_SCREENS_DIR overrides).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phone, startServer, type RelaisServer } from './harness.ts';

const SHOTS = process.env.RELAIS_SCREENS_DIR ?? '/tmp/relais-shots-psc';

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `psc-${name}.png`), fullPage: true });
}

let server: RelaisServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('D2 — e-CPS through Pro Santé Connect, in the browser', () => {
  it('D2 — a registered professional logs in with e-CPS (no SMS code) and can log out of PSC too', async () => {
    const { context, page } = await phone(browser);
    await page.goto(`${server.url}/connexion`);
    const button = page.getByRole('link', { name: 'Se connecter avec e-CPS' });
    await button.waitFor();
    await shot(page, '1-connexion');
    await button.click();
    await page.getByText('Pro Santé Connect').first().waitFor();
    expect(page.url()).not.toContain(server.url);
    await shot(page, '2-provider-login');
    await page.getByRole('button', { name: /Claire Martin/ }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('button', { name: 'Options de déconnexion' }).waitFor({ timeout: 20_000 });
    const me = await page.evaluate(async () => (await fetch('/api/me')).json() as Promise<unknown>);
    expect(me).toMatchObject({ user: { firstName: 'Claire', lastName: 'Martin' } });
    await shot(page, '3-logged-in');

    await page.getByRole('button', { name: 'Options de déconnexion' }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter aussi de Pro Santé Connect' }).waitFor();
    await shot(page, '4-logout-menu');
    // The home behind the menu is still settling (live counts arriving), which can keep a floating dropdown
    // from ever being "stable" for a pointer click: the item, visible above, is activated as a tap would.
    await page
      .getByRole('menuitem', { name: 'Se déconnecter aussi de Pro Santé Connect' })
      .dispatchEvent('click');
    await page.getByRole('button', { name: 'Me déconnecter de Pro Santé Connect' }).waitFor();
    await shot(page, '5-provider-logout');
    await page.getByRole('button', { name: 'Me déconnecter de Pro Santé Connect' }).click();
    await page.waitForURL(`${server.url}/connexion`);
    await page.getByRole('link', { name: 'Se connecter avec e-CPS' }).waitFor();
    const after = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(after).toBe(401);
    await context.close();
  });

  it('D2 — a new professional registers with e-CPS: phone and e-mail complete the profile, then Pref. PeC', async () => {
    const { context, page } = await phone(browser);
    await page.goto(`${server.url}/inscription`);
    await page.getByRole('link', { name: 'Se connecter avec e-CPS' }).waitFor();
    await shot(page, '6-inscription');
    await page.getByRole('link', { name: 'Se connecter avec e-CPS' }).click();
    await page.getByRole('button', { name: /Élodie Marchand/ }).click();
    await page.waitForURL(`${server.url}/inscription/e-cps`);
    await page.getByText('Élodie Marchand').waitFor();
    await shot(page, '7-completer-profil');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByText('Certains champs sont à corriger.').waitFor();
    await shot(page, '8-completer-erreurs');
    await page.getByLabel('Téléphone mobile').fill('06 98 76 54 32');
    await page.getByLabel('Adresse e-mail').fill('elodie.marchand@exemple.fr');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(`${server.url}/preferences/pec`, { timeout: 30_000 });
    const me = await page.evaluate(async () => (await fetch('/api/me')).json() as Promise<unknown>);
    expect(me).toMatchObject({
      user: { firstName: 'Élodie', lastName: 'Marchand', profession: '60', status: 'active' },
    });
    await page.waitForLoadState('networkidle');
    await shot(page, '9-pref-pec');
    await context.close();
  });

  it('D2 — an e-CPS login cancelled at PSC comes back with a French message and no session', async () => {
    const { context, page } = await phone(browser);
    await page.goto(`${server.url}/connexion`);
    await page.getByRole('link', { name: 'Se connecter avec e-CPS' }).click();
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.getByText('Connexion e-CPS annulée.').waitFor();
    expect(page.url()).toContain('/connexion?psc_error=psc_cancelled');
    await shot(page, '10-annulee');
    const status = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(status).toBe(401);
    await context.close();
  });
});
