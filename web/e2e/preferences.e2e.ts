/**
 * "Profil activité" in a real browser, on a phone: Pref. PeC (D5) and Pref. Notifs (D6).
 * Claire Martin (nurse, office in Évry-Courcouronnes) sees the communes of her zone, removes one, narrows her
 * radius (the removal stays), sets Tuesday to custom hours and Sunday to unavailable; each saved state is read
 * back from the server after a reload. A stalled request turns into "Délai dépassé, réessayez." with a retry.
 * Screenshots go to `.tmp/screens/preferences-*.png`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  firstLogin,
  launchBrowser,
  phone,
  SCREENS_DIR,
  startServer,
  type RelaisServer,
} from './harness.ts';

const CLAIRE = { login: 'claire.martin@demo.relais.test', password: DEMO_PASSWORD, phone: '+33612345600' };

async function see(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}

/** The whole page, as a phone user scrolls through it. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `preferences-${name}.png`), fullPage: true });
}

async function clickFor(page: Page, button: Locator, path: string, method = 'PUT'): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === method),
    button.click(),
  ]);
  return response;
}

/** What the server holds now, read with the page's own session. */
async function serverState<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    return (await response.json()) as unknown;
  }, path) as Promise<T>;
}

interface ActivityState {
  radiusKm: number;
  removedCommunes: string[];
  communes: { insee: string; name: string }[];
}

interface ScheduleState {
  days: Record<string, { mode: string; ranges: { start: string; end: string }[] }>;
}

describe('Profil activité: Pref. PeC and Pref. Notifs', () => {
  let server: RelaisServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('D5, D6: zone around the office, a removed commune kept across a new radius, custom and unavailable days', async () => {
    const { page } = await phone(browser);
    await firstLogin(server, page, CLAIRE);
    await see(page.getByRole('heading', { name: 'Bonjour Claire' }));
    await see(page.getByRole('navigation', { name: 'Profil activité' }));
    await shot(page, '00-accueil');

    // ── A stalled answer: "Délai dépassé, réessayez." and a retry that works ───────────────────────
    let stalled = false;
    await page.route('**/api/me/activity', async (route) => {
      if (stalled) {
        await route.continue();
        return;
      }
      stalled = true;
      // Never answers in time: the client gives up after its own timeout.
      await new Promise((resolve) => setTimeout(resolve, 17_000));
      await route.abort().catch(() => undefined);
    });
    await page.getByRole('link', { name: /Pref\. PeC/ }).click();
    await see(page.getByRole('heading', { name: 'Pref. PeC', level: 1 }));
    await page.getByText('Délai dépassé, réessayez.').waitFor({ timeout: 25_000 });
    await shot(page, '01-delai-depasse');
    await page.getByRole('button', { name: 'Réessayer' }).click();
    await page.unroute('**/api/me/activity');

    // ── D5: the communes around Évry-Courcouronnes, nearest first, with their distance ──────────────
    await see(page.getByText('Évry-Courcouronnes · 0 km'));
    await see(page.getByText('Ris-Orangis · 2,9 km'));
    await see(page.getByText('Morsang-sur-Orge · 7,2 km'));
    // The farthest ones are further down the list, or found by name.
    await page.getByLabel('Filtrer les communes').fill('athis');
    await see(page.getByText('Athis-Mons · 9,7 km'));
    await expect(page.getByText('Évry-Courcouronnes · 0 km').count()).resolves.toBe(0);
    await page.getByLabel('Filtrer les communes').fill('');
    await expect.poll(() => page.getByLabel('Rayon autour du cabinet (km)').inputValue()).toBe('10 km');
    await see(page.getByRole('img', { name: /cercle de 10 km autour du cabinet \(Évry-Courcouronnes\)/ }));
    const heading = page.getByRole('heading', { name: /^Communes attribuées \(\d+\)$/ });
    const countOf = async () => Number(/\((\d+)\)/.exec((await heading.textContent()) ?? '')?.[1]);
    const before = await countOf();
    expect(before).toBeGreaterThan(20);
    await shot(page, '02-pec');

    // At least one kind of activity: the page says so before asking the server.
    await page.getByRole('switch', { name: 'Visites à domicile' }).uncheck();
    await page.getByRole('switch', { name: 'Consultations au cabinet' }).uncheck();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await see(page.getByText('Choisissez au moins les visites à domicile ou les consultations au cabinet.'));
    await page.getByRole('switch', { name: 'Consultations au cabinet' }).check();

    // Remove Ris-Orangis: it leaves the list and can be restored.
    await page.getByRole('button', { name: 'Retirer Ris-Orangis' }).click();
    await see(page.getByRole('heading', { name: 'Communes retirées (1)' }));
    await see(page.getByRole('button', { name: 'Rétablir Ris-Orangis' }));
    await expect.poll(countOf).toBe(before - 1);
    await see(page.getByText('Modifications non enregistrées.'));
    const saved = await clickFor(page, page.getByRole('button', { name: 'Enregistrer' }), '/api/me/activity');
    expect(saved.status()).toBe(200);
    await see(page.getByText('Préférences enregistrées.'));
    await shot(page, '03-pec-commune-retiree');

    // A radius out of range is refused on the page.
    const radius = page.getByLabel('Rayon autour du cabinet (km)');
    await radius.fill('0');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await see(page.getByText('Le rayon doit être compris entre 1 et 100 km.'));

    // ── A smaller radius: the list is recomputed, the removal stays ──────────────────────────────────
    await radius.fill('5');
    await see(page.getByText('Enregistrez pour recalculer la liste des communes avec ce rayon.'));
    await see(page.getByRole('img', { name: /cercle de 5 km/ }));
    const narrowed = await clickFor(
      page,
      page.getByRole('button', { name: 'Enregistrer' }),
      '/api/me/activity',
    );
    expect(narrowed.status()).toBe(200);
    await page.getByText('Morsang-sur-Orge · 7,2 km').waitFor({ state: 'detached' });
    await see(page.getByText('Corbeil-Essonnes · 3,6 km'));
    await see(page.getByRole('button', { name: 'Rétablir Ris-Orangis' }));
    expect(await countOf()).toBeLessThan(before - 1);

    // Reloaded from the server: the same state.
    await page.reload();
    await see(page.getByText('Corbeil-Essonnes · 3,6 km'));
    await expect.poll(() => page.getByLabel('Rayon autour du cabinet (km)').inputValue()).toBe('5 km');
    await see(page.getByRole('button', { name: 'Rétablir Ris-Orangis' }));
    await expect(page.getByText('Morsang-sur-Orge · 7,2 km').count()).resolves.toBe(0);
    const attributedList = page.getByRole('region', { name: /^Communes attribuées/ });
    await expect(attributedList.getByText('Ris-Orangis').count()).resolves.toBe(0);
    await see(page.getByRole('region', { name: 'Communes retirées (1)' }).getByText('Ris-Orangis · 2,9 km'));
    const activity = await serverState<ActivityState>(page, '/api/me/activity');
    expect(activity.radiusKm).toBe(5);
    expect(activity.removedCommunes).toEqual(['91521']);
    expect(activity.communes.map((c) => c.name)).not.toContain('Ris-Orangis');
    expect(activity.communes.map((c) => c.name)).toContain('Évry-Courcouronnes');
    await shot(page, '04-pec-rayon-5');

    // ── D6: Pref. Notifs ─────────────────────────────────────────────────────────────────────────────
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: /Pref\. Notifs/ }).click();
    await see(page.getByRole('heading', { name: 'Pref. Notifs', level: 1 }));
    await see(page.getByText(/décident seulement quand Relais vous envoie des notifications \(push, SMS/));
    const day = (name: string) => page.getByRole('button', { name: new RegExp(`^${name}`) });
    await see(day('Lundi'));
    await expect(day('Mardi').textContent()).resolves.toContain('Disponible toute la journée');
    await shot(page, '05-notifs');

    // One tap: custom hours (08:00–19:00 to start with).
    await day('Mardi').click();
    await expect(day('Mardi').textContent()).resolves.toContain('Horaires personnalisés');
    await page.getByLabel('Mardi, plage 1, début').fill('09:00');
    await page.getByLabel('Mardi, plage 1, fin').fill('12:00');
    await page.getByRole('button', { name: 'Ajouter une plage horaire le mardi' }).click();
    await page.getByLabel('Mardi, plage 2, début').fill('11:00');
    await page.getByLabel('Mardi, plage 2, fin').fill('13:00');
    // Two taps from available: unavailable all day.
    await day('Dimanche').click();
    await day('Dimanche').click();
    await expect(day('Dimanche').textContent()).resolves.toContain('Indisponible toute la journée');

    // Overlapping ranges are refused on the page; nothing goes to the server.
    let puts = 0;
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().endsWith('/api/me/notification-schedule')) puts++;
    });
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await see(page.getByText('Les plages 09:00–12:00 et 11:00–13:00 se chevauchent.'));
    await page.getByLabel('Mardi, plage 2, fin').fill('10:30');
    await see(page.getByText('L’heure de fin doit suivre l’heure de début.'));
    expect(puts).toBe(0);
    await shot(page, '06-notifs-erreurs');

    // The server's own refusal lands under the day it names.
    await page.getByLabel('Mardi, plage 2, début').fill('14:00');
    await page.getByLabel('Mardi, plage 2, fin').fill('18:30');
    await page.route(
      '**/api/me/notification-schedule',
      (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              code: 'validation_failed',
              message: 'Certains champs sont invalides.',
              details: { fields: { 'days.tuesday.ranges': 'Plage refusée par le serveur.' } },
            },
          }),
        }),
      { times: 1 },
    );
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await see(page.getByText('Plage refusée par le serveur.'));

    const stored = await clickFor(
      page,
      page.getByRole('button', { name: 'Enregistrer' }),
      '/api/me/notification-schedule',
    );
    expect(stored.status()).toBe(200);
    await see(page.getByText('Préférences enregistrées.'));
    await shot(page, '07-notifs-enregistrees');

    await page.reload();
    await see(day('Mardi'));
    await expect(day('Mardi').textContent()).resolves.toContain(
      'Horaires personnalisés : 09:00–12:00, 14:00–18:30',
    );
    await expect(day('Dimanche').textContent()).resolves.toContain('Indisponible toute la journée');
    await expect(day('Lundi').textContent()).resolves.toContain('Disponible toute la journée');
    await expect.poll(() => page.getByLabel('Mardi, plage 2, fin').inputValue()).toBe('18:30');
    const schedule = await serverState<ScheduleState>(page, '/api/me/notification-schedule');
    expect(schedule.days.tuesday).toEqual({
      mode: 'custom',
      ranges: [
        { start: '09:00', end: '12:00' },
        { start: '14:00', end: '18:30' },
      ],
    });
    expect(schedule.days.sunday).toEqual({ mode: 'unavailable', ranges: [] });
    expect(schedule.days.monday).toEqual({ mode: 'all_day', ranges: [] });

    // Three taps bring a day back to the default.
    await day('Mercredi').click();
    await day('Mercredi').click();
    await day('Mercredi').click();
    await expect(day('Mercredi').textContent()).resolves.toContain('Disponible toute la journée');
    // Back where it was stored: nothing left to save.
    expect(await page.getByText('Modifications non enregistrées.').count()).toBe(0);
  });
});
