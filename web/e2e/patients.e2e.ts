/**
 * Patients in a real browser, on phones (D15, D16).
 * Claire Martin (nurse) creates a patient — commune suggested from the postal code, Dr Hélène Dupont found
 * among the doctors registered on Relais as médecin traitant, Sophie Nguyen as usual professional — finds the
 * patient by name in "Patients en coordination", opens and edits the file. Hélène Dupont, on her own phone,
 * sees the patient in her list with the "médecin traitant" badge and reads the file without being able to
 * edit it; a file that is not hers is "Patient introuvable".
 * Screenshots go to `.tmp/screens/patients-*.png`.
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
const HELENE = { login: 'helene.dupont@demo.relais.test', password: DEMO_PASSWORD, phone: '+33612345605' };

async function see(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `patients-${name}.png`), fullPage: true });
}

async function clickFor(page: Page, button: Locator, path: RegExp, method: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => path.test(new URL(r.url()).pathname) && r.request().method() === method),
    button.click(),
  ]);
  return response;
}

/** Whole years since a birth date, as the page computes them (Paris calendar). */
function ageOn(birth: string): number {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
    .format(new Date())
    .split('-')
    .map(Number);
  const [by, bm, bd] = birth.split('-').map(Number);
  if (!y || !m || !d || !by || !bm || !bd) throw new Error('bad date');
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

describe('Patients en coordination and the patient file', () => {
  let server: RelaisServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('D15, D16: create a patient with a médecin traitant and a usual professional; the doctor reads it', async () => {
    const { page } = await phone(browser);
    await firstLogin(server, page, CLAIRE);
    await see(page.getByRole('heading', { name: 'Bonjour Claire' }));

    // ── An empty list to start with ────────────────────────────────────────────────────────────────
    await page.getByRole('link', { name: /Patients en coordination/ }).click();
    await see(page.getByRole('heading', { name: 'Patients en coordination', level: 1 }));
    await see(page.getByText('Aucun patient en coordination pour l’instant.'));
    await shot(page, '01-liste-vide');

    // ── Nouveau patient ─────────────────────────────────────────────────────────────────────────────
    await page.getByRole('link', { name: '+ Nouveau patient' }).click();
    await see(page.getByRole('heading', { name: 'Nouveau patient', level: 1 }));
    // Nothing filled: each field says what it needs, and the server is not asked.
    await page.getByRole('button', { name: 'Créer le dossier' }).click();
    await see(page.getByText('Le nom est obligatoire.'));
    await see(page.getByText('Le prénom est obligatoire.'));
    await see(page.getByText('Indiquez le sexe, ou « Non précisé ».'));
    await see(page.getByText('Certains champs sont à corriger.'));

    await page.getByLabel('Nom', { exact: true }).fill('Lambert');
    await page.getByLabel('Prénom').fill('Jeanne');
    await page.getByLabel('Date de naissance').pressSequentially('12031941');
    await expect(page.getByLabel('Date de naissance').inputValue()).resolves.toBe('12/03/1941');
    await page.getByRole('radio', { name: 'Femme' }).check();
    await page.getByLabel('Adresse', { exact: true }).fill('4 rue des Lilas');

    // The postal code suggests the communes; picking one fills both fields.
    await page.getByLabel('Code postal').pressSequentially('9100');
    const evry = page.getByRole('option', { name: /91000\s*Évry-Courcouronnes/ });
    await see(evry);
    await shot(page, '02-commune-suggeree');
    await evry.click();
    await expect(page.getByRole('textbox', { name: 'Code postal', exact: true }).inputValue()).resolves.toBe(
      '91000',
    );
    await expect(page.getByRole('textbox', { name: 'Commune', exact: true }).inputValue()).resolves.toBe(
      'Évry-Courcouronnes',
    );
    await page.getByLabel('Téléphone (facultatif)').fill('01 60 12 34 56');

    // Médecin traitant: found among the registered users, each source named.
    await page.getByLabel('Rechercher le médecin traitant').fill('dupo');
    const registered = page.getByRole('button', { name: 'Choisir Hélène Dupont comme médecin traitant' });
    await see(registered);
    await see(page.getByText('Inscrits sur Relais', { exact: true }));
    await see(page.getByText('Annuaire national', { exact: true }));
    await see(page.getByText('Aucun médecin de l’annuaire national ne correspond.'));
    await shot(page, '03-medecin-recherche');
    await registered.click();
    await see(page.getByText('Médecin traitant choisi'));
    await see(page.getByRole('button', { name: 'Retirer Hélène Dupont comme médecin traitant' }));

    // A usual professional, from the users directory.
    await page.getByLabel('Ajouter un professionnel habituel').fill('nguy');
    await page.getByRole('button', { name: 'Ajouter Sophie Nguyen aux professionnels habituels' }).click();
    await see(page.getByRole('button', { name: 'Retirer Sophie Nguyen des professionnels habituels' }));
    await shot(page, '04-formulaire-rempli');

    const created = await clickFor(
      page,
      page.getByRole('button', { name: 'Créer le dossier' }),
      /^\/api\/patients$/,
      'POST',
    );
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };

    // ── The file ────────────────────────────────────────────────────────────────────────────────────
    await see(page.getByRole('heading', { name: 'Jeanne Lambert', level: 1 }));
    await see(page.getByText('Dossier patient créé.'));
    await see(page.getByText(`Née le 12/03/1941 · ${ageOn('1941-03-12')} ans`));
    await see(page.getByText('4 rue des Lilas'));
    const call = page.getByRole('link', { name: 'Appeler le 01 60 12 34 56' });
    await see(call);
    expect(await call.getAttribute('href')).toBe('tel:+33160123456');
    const doctor = page.getByRole('region', { name: 'Médecin traitant' });
    await see(doctor.getByText('Hélène Dupont'));
    await see(doctor.getByText('inscrit sur Relais'));
    const team = page.getByRole('region', { name: 'Équipe de soins' });
    await see(team.getByText('Claire Martin (vous)'));
    await see(team.getByText('créateur'));
    await see(team.getByText('Sophie Nguyen'));
    await see(team.getByText('habituel'));
    await shot(page, '05-fiche');

    // Edit the phone; only that field travels.
    await page.getByRole('link', { name: 'Modifier le dossier' }).click();
    await see(page.getByRole('heading', { name: 'Modifier le dossier', level: 1 }));
    await expect(page.getByLabel('Nom', { exact: true }).inputValue()).resolves.toBe('Lambert');
    await page.getByLabel('Téléphone (facultatif)').fill('06 11 22 33 44');
    const [patch] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/patients/${id}`)),
      page.getByRole('button', { name: 'Enregistrer les modifications' }).click(),
    ]);
    expect(patch.postDataJSON()).toEqual({ phone: '06 11 22 33 44' });
    await see(page.getByText('Modifications enregistrées.'));
    await see(page.getByRole('link', { name: 'Appeler le 06 11 22 33 44' }));

    // ── Found by name in "Patients en coordination", newest first ───────────────────────────────────
    const other = await page.evaluate(async () => {
      const response = await fetch('/api/patients', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
          firstName: 'Paul',
          lastName: 'Meunier',
          birthDate: '1950-06-01',
          sex: 'M',
          address: { line: '2 allée des Tilleuls', postalCode: '91100', city: 'Corbeil-Essonnes' },
        }),
      });
      return response.status;
    });
    expect(other).toBe(201);
    await page.getByRole('link', { name: 'Patients en coordination' }).click();
    await see(page.getByText('2 patients'));
    const rows = page.getByRole('list').getByRole('link');
    await expect(rows.nth(0).textContent()).resolves.toContain('Paul Meunier');
    await expect(rows.nth(1).textContent()).resolves.toContain('Jeanne Lambert');
    await see(page.getByText(`${ageOn('1941-03-12')} ans · 12/03/1941 · Évry-Courcouronnes`));
    await shot(page, '06-liste');

    await page.getByLabel('Rechercher un patient').fill('lamb');
    await see(page.getByText('1 patient', { exact: true }));
    await expect(page.getByRole('link', { name: /Paul Meunier/ }).count()).resolves.toBe(0);
    await page.getByLabel('Rechercher un patient').fill('zzzz');
    await see(page.getByText('Aucun patient ne correspond à « zzzz ».'));
    await page.getByLabel('Rechercher un patient').fill('jeanne');
    await page.getByRole('link', { name: /Jeanne Lambert/ }).click();
    await see(page.getByRole('heading', { name: 'Jeanne Lambert', level: 1 }));

    // ── The médecin traitant, on her own phone: the patient is listed, the file is read-only ───────
    const { page: doctorPage } = await phone(browser);
    await firstLogin(server, doctorPage, HELENE, [2, 4, 6, 7]);
    await see(doctorPage.getByRole('heading', { name: 'Bonjour Hélène' }));
    await doctorPage.getByRole('link', { name: /Patients en coordination/ }).click();
    const listed = doctorPage.getByRole('link', { name: /Jeanne Lambert/ });
    await see(listed);
    await see(listed.getByText('médecin traitant'));
    await see(doctorPage.getByText('1 patient', { exact: true }));
    await expect(doctorPage.getByRole('link', { name: /Paul Meunier/ }).count()).resolves.toBe(0);
    await shot(doctorPage, '07-liste-medecin');

    await listed.click();
    await see(doctorPage.getByRole('heading', { name: 'Jeanne Lambert', level: 1 }));
    await see(doctorPage.getByText('Lecture seule : vous êtes le médecin traitant de ce patient.'));
    await see(doctorPage.getByRole('region', { name: 'Équipe de soins' }).getByText('Claire Martin'));
    await expect(doctorPage.getByRole('link', { name: 'Modifier le dossier' }).count()).resolves.toBe(0);
    await shot(doctorPage, '08-fiche-medecin');

    await doctorPage.goto(`${server.url}/patients/${id}/modifier`);
    await see(doctorPage.getByText('Lecture seule : vous êtes le médecin traitant de ce patient.'));
    await expect(
      doctorPage.getByRole('button', { name: 'Enregistrer les modifications' }).count(),
    ).resolves.toBe(0);

    // Paul Meunier is not hers: his file does not exist for her.
    const paul = await page.evaluate(async () => {
      const response = await fetch('/api/patients?q=meunier', { headers: { Accept: 'application/json' } });
      return ((await response.json()) as { id: string }[])[0]?.id ?? '';
    });
    await doctorPage.goto(`${server.url}/patients/${paul}`);
    await see(doctorPage.getByRole('heading', { name: 'Patient introuvable', level: 1 }));
    await shot(doctorPage, '09-introuvable');
  });
});
