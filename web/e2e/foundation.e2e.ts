/**
 * Issue 2, "Done when": the foundation journey in a real browser, one phone per actor.
 * A nurse registers with a proof → support approves it in the console (proof preview) → she logs in with the
 * SMS code → draws her schéma twice → logs out → logs in with the schéma → five wrong passwords block her
 * account (the right one is refused too) → support unblocks it → she logs in again.
 * Screenshots of every step go to `.tmp/screens/journey-*.png`.
 */
import { deflateSync, crc32 } from 'node:zlib';
import { luhnKey } from '@relais/contracts';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  drawPattern,
  firstLogin,
  launchBrowser,
  phone,
  screenshot,
  startServer,
  type RelaisServer,
} from './harness.ts';

const SUPPORT = { login: 'support@demo.relais.test', password: DEMO_PASSWORD, phone: '+33600000001' };

const RPPS_BODY = '1098765432';
const NURSE = {
  firstName: 'Aïcha',
  lastName: 'Benkirane',
  rpps: RPPS_BODY + luhnKey(RPPS_BODY),
  /** The same number with a wrong check digit. */
  rppsWrongKey: RPPS_BODY + String((Number(luhnKey(RPPS_BODY)) + 1) % 10),
  email: 'aicha.benkirane@exemple.test',
  typedPhone: '06 12 34 99 01',
  phone: '+33612349901',
  shownPhone: '06\u00a012\u00a034\u00a099\u00a001',
  password: 'lavande horizon ardoise marée 2026',
};
const PATTERN = [0, 3, 6, 7, 8];
const NEW_PATTERN = [2, 4, 6, 7];

/** A real PNG (what a phone camera would give after conversion): a small sketch of a CPS card. */
function cpsCardPng(width = 240, height = 150): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      let rgb = [223, 236, 214]; // card background
      if (y < 28)
        rgb = [26, 95, 150]; // top band
      else if (x > 16 && x < 76 && y > 44 && y < 124)
        rgb = [150, 160, 170]; // photo
      else if (x > 92 && x < 220 && [52, 72, 92, 112].some((line) => y >= line && y < line + 6))
        rgb = [40, 48, 56]; // text lines
      raw.set(rgb, y * (width * 3 + 1) + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Waits until the locator is visible: the step fails (with the locator in the message) if it never is. */
async function see(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}

/** Modals, toasts and badges slide in: let them settle before a picture. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  await screenshot(page, `journey-${name}`);
}

/** Clicks and returns the answer of the API call it causes. */
async function clickFor(page: Page, button: Locator, path: string | RegExp): Promise<Response> {
  const matches = (pathname: string) => (typeof path === 'string' ? pathname === path : path.test(pathname));
  const [response] = await Promise.all([
    page.waitForResponse((r) => matches(new URL(r.url()).pathname) && r.request().method() === 'POST'),
    button.click(),
  ]);
  return response;
}

async function sessionStatus(page: Page, server: RelaisServer): Promise<number> {
  return (await page.request.get(`${server.url}/api/me`)).status();
}

describe('foundation journey (issue 2)', () => {
  let server: RelaisServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('D1, D3, D4: register with a proof, approval, SMS code, schéma, logout, schéma login, blocking, unblocking', async () => {
    const { page: pro } = await phone(browser);
    const { page: support } = await phone(browser);

    // ── D1: the nurse registers with a proof ────────────────────────────────────────────
    await pro.goto(`${server.url}/`);
    await see(pro.getByRole('heading', { name: 'Connexion' }));
    await pro.getByRole('link', { name: 'S’enregistrer' }).click();
    await see(pro.getByRole('heading', { name: 'S’enregistrer' }));

    const rpps = pro.getByLabel('Numéro RPPS');
    await rpps.fill(NURSE.rppsWrongKey);
    await see(pro.getByText('Le numéro RPPS est invalide : la clé de contrôle ne correspond pas.'));
    await rpps.fill(NURSE.rpps);
    await see(pro.getByText('✓ Numéro valide.'));
    await pro.getByLabel('Profession').selectOption('60');
    await pro.getByLabel('Prénom').fill(NURSE.firstName);
    await pro.getByLabel('Nom', { exact: true }).fill(NURSE.lastName);
    await pro.getByLabel('Adresse du cabinet').fill('4 rue du Bois Sauvage');
    await pro.getByLabel('Code postal').fill('91000');
    await pro.getByLabel('Ville').fill('Évry-Courcouronnes');
    await pro.getByLabel('Téléphone mobile').fill(NURSE.typedPhone);
    await pro.getByLabel('Adresse e-mail').fill(NURSE.email);
    await pro.getByLabel('Mot de passe', { exact: true }).fill(NURSE.password);
    const png = cpsCardPng();
    await pro.locator('input[type=file][name=proof]').setInputFiles({
      name: 'carte-cps.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await pro.getByRole('heading', { name: 'S’enregistrer' }).scrollIntoViewIfNeeded();
    await shot(pro, '01-inscription');
    await see(pro.getByText(/^carte-cps\.png \(\d+ (o|Ko)\)$/));
    await see(pro.getByRole('img', { name: 'Aperçu du justificatif' }));
    await pro.getByRole('img', { name: 'Aperçu du justificatif' }).scrollIntoViewIfNeeded();
    await shot(pro, '01b-inscription-justificatif');

    const registered = await clickFor(
      pro,
      pro.getByRole('button', { name: 'S’enregistrer' }),
      '/api/registrations',
    );
    expect(registered.status()).toBe(201);
    await see(pro.getByRole('heading', { name: 'Inscription envoyée' }));
    await see(pro.getByText(/Votre inscription est en attente de validation par le support/));
    await shot(pro, '02-inscription-envoyee');

    // Pending: the password is right, but the account is not open yet.
    await pro.getByRole('link', { name: 'Revenir à la connexion' }).click();
    await pro.getByLabel('Identifiant').fill(NURSE.email);
    await pro.getByLabel('Mot de passe', { exact: true }).fill(NURSE.password);
    const pending = await clickFor(pro, pro.getByRole('button', { name: 'Se connecter' }), '/api/auth/login');
    expect(pending.status()).toBe(403);
    await see(pro.getByRole('alert').filter({ hasText: 'en attente de validation par le support' }));
    await shot(pro, '03-connexion-en-attente');

    // ── D1: support sees the registration and its proof, and approves it ──────────────────
    await firstLogin(server, support, SUPPORT);
    await see(support.getByRole('heading', { name: 'Console support' }));
    const card = support.getByRole('article', { name: `${NURSE.firstName} ${NURSE.lastName}` });
    await see(card);
    await see(card.getByText(`RPPS ${NURSE.rpps}`));
    await see(card.getByText('Infirmier', { exact: true }));
    await see(card.getByText('4 rue du Bois Sauvage, 91000 Évry-Courcouronnes'));
    await see(card.getByText(NURSE.shownPhone));
    await see(card.getByText(NURSE.email));
    await see(card.getByText(/^PNG, \d+ (o|Ko)$/));
    await card.getByRole('button', { name: 'Afficher le justificatif' }).click();
    const proof = card.getByRole('img', { name: `Justificatif de ${NURSE.firstName} ${NURSE.lastName}` });
    await see(proof);
    // The image the server decrypted is the very PNG that was uploaded, decoded by the browser.
    await expect
      .poll(() => proof.evaluate((img: HTMLImageElement) => `${img.naturalWidth}×${img.naturalHeight}`))
      .toBe('240×150');
    await proof.scrollIntoViewIfNeeded();
    await shot(support, '04-support-justificatif');

    const approved = await clickFor(
      support,
      card.getByRole('button', { name: 'Valider' }),
      /^\/api\/admin\/registrations\/[^/]+\/approve$/,
    );
    expect(approved.status()).toBeLessThan(300);
    await see(support.getByText(`Inscription de ${NURSE.firstName} ${NURSE.lastName} validée.`));
    await card.waitFor({ state: 'detached' });
    await shot(support, '05-support-inscription-validee');
    expect(await server.lastSms(NURSE.phone, /(votre compte est validé)/)).toBe('votre compte est validé');

    // ── D3: first login on this phone: password, then the code sent by SMS ─────────────────
    const challenge = await clickFor(
      pro,
      pro.getByRole('button', { name: 'Se connecter' }),
      '/api/auth/login',
    );
    expect(challenge.status()).toBe(200);
    await see(pro.getByRole('heading', { name: 'Code de vérification' }));
    await see(pro.getByText(/Cet appareil n’est pas encore reconnu\. Nous avons envoyé un code/));
    await shot(pro, '06-code-sms');
    await pro.getByLabel('Code reçu par SMS').fill(await server.lastSms(NURSE.phone));
    await pro.getByRole('button', { name: 'Valider' }).click();

    // ── D3: the schéma of this device, drawn twice ─────────────────────────────────────────
    await see(pro.getByRole('heading', { name: 'Créer mon schéma' }));
    await see(pro.getByText('Étape 1 sur 2'));
    await shot(pro, '07-schema-etape-1');
    await drawPattern(pro, PATTERN);
    await see(pro.getByText('Étape 2 sur 2'));
    await see(pro.getByText('Dessinez le même schéma une seconde fois pour le confirmer.'));
    await shot(pro, '08-schema-etape-2');
    const saved = pro.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/pattern');
    await drawPattern(pro, PATTERN);
    expect((await saved).status()).toBe(204);
    await see(pro.getByRole('heading', { name: `Bonjour ${NURSE.firstName}` }));
    await see(pro.getByText(/^Schéma enregistré\./));
    await see(pro.getByText(`RPPS ${NURSE.rpps}`));
    expect(new URL(pro.url()).pathname).toBe('/');
    await shot(pro, '09-accueil');

    // ── Logout: the session is closed, the phone now opens on the schéma ───────────────────
    await pro.getByRole('button', { name: 'Se déconnecter' }).click();
    await pro.waitForURL((url) => url.pathname === '/connexion/schema');
    await see(pro.getByRole('heading', { name: `Bonjour ${NURSE.firstName}` }));
    await see(pro.getByText('Dessinez votre schéma pour vous connecter.'));
    expect(await sessionStatus(pro, server)).toBe(401);
    await shot(pro, '10-connexion-schema');

    // ── D3: login with the schéma (a wrong one first) ──────────────────────────────────────
    await drawPattern(pro, [2, 5, 8, 7]);
    await see(pro.getByText('Schéma incorrect. Il vous reste 4 essais.'));
    await shot(pro, '11-schema-incorrect');
    await drawPattern(pro, PATTERN);
    await pro.waitForURL((url) => url.pathname === '/');
    await see(pro.getByRole('heading', { name: `Bonjour ${NURSE.firstName}` }));
    await see(pro.getByRole('heading', { name: 'Mon profil' }));
    expect(await sessionStatus(pro, server)).toBe(200);
    await shot(pro, '12-accueil-par-schema');

    // ── D4: another attempt with credentials: five wrong passwords block the account ───────
    await pro.getByRole('button', { name: 'Se déconnecter' }).click();
    await pro.waitForURL((url) => url.pathname === '/connexion/schema');
    await pro.getByRole('link', { name: 'Schéma oublié / Autre personne' }).click();
    await pro.waitForURL((url) => url.pathname === '/connexion');
    await see(pro.getByRole('heading', { name: 'Connexion' }));
    await pro.getByLabel('Identifiant').fill(NURSE.rpps);
    const password = pro.getByLabel('Mot de passe', { exact: true });
    const submit = pro.getByRole('button', { name: 'Se connecter' });
    for (let attempt = 1; attempt <= 4; attempt++) {
      await password.fill(`mauvais mot de passe ${attempt}`);
      const refused = await clickFor(pro, submit, '/api/auth/login');
      expect(refused.status()).toBe(401);
      const left = 5 - attempt;
      await see(
        pro
          .getByRole('alert')
          .filter({ hasText: 'Identifiant ou mot de passe incorrect.' })
          .filter({
            hasText: `il vous reste ${left} essai${left > 1 ? 's' : ''} avant le blocage du compte.`,
          }),
      );
    }
    await shot(pro, '13-mot-de-passe-incorrect');
    await password.fill('mauvais mot de passe 5');
    const blocked = await clickFor(pro, submit, '/api/auth/login');
    expect(blocked.status()).toBe(423);
    const blockedAlert = pro.getByRole('alert').filter({ hasText: /Compte bloqué|compte est bloqué/ });
    await see(blockedAlert);
    await shot(pro, '14-compte-bloque');
    await password.fill(NURSE.password);
    const stillBlocked = await clickFor(pro, submit, '/api/auth/login');
    expect(stillBlocked.status()).toBe(423);
    await see(blockedAlert);
    expect(new URL(pro.url()).pathname).toBe('/connexion');
    expect(await sessionStatus(pro, server)).toBe(401);

    // ── D4: support finds the blocked account and unblocks it ──────────────────────────────
    await support.getByRole('tab', { name: 'Comptes' }).click();
    await support.getByLabel('Rechercher').fill(NURSE.lastName);
    const account = support.getByRole('article', { name: `${NURSE.firstName} ${NURSE.lastName}` });
    await see(account.getByText('Bloqué', { exact: true }));
    await see(account.getByText('5 échecs de connexion'));
    await shot(support, '15-support-compte-bloque');
    const unblocked = await clickFor(
      support,
      account.getByRole('button', { name: 'Débloquer' }),
      /^\/api\/admin\/accounts\/[^/]+\/unblock$/,
    );
    expect(unblocked.status()).toBeLessThan(300);
    await see(support.getByText(`Le compte de ${NURSE.firstName} ${NURSE.lastName} est débloqué.`));
    await see(account.getByText('Actif', { exact: true }));
    await see(account.getByRole('button', { name: 'Bloquer' }));
    await expect.poll(() => account.getByText(/échecs? de connexion/).count()).toBe(0);
    await shot(support, '16-support-compte-debloque');

    // ── The nurse logs in again: this phone is trusted, so no SMS, and she draws a new schéma ──
    const again = await clickFor(pro, submit, '/api/auth/login');
    expect(again.status()).toBe(200);
    await see(pro.getByRole('heading', { name: 'Créer mon schéma' }));
    await drawPattern(pro, NEW_PATTERN);
    await see(pro.getByText('Étape 2 sur 2'));
    await drawPattern(pro, NEW_PATTERN);
    await see(pro.getByRole('heading', { name: `Bonjour ${NURSE.firstName}` }));
    expect(new URL(pro.url()).pathname).toBe('/');
    expect(await sessionStatus(pro, server)).toBe(200);
    await shot(pro, '17-accueil-apres-deblocage');
  }, 240_000); // a whole day of an account, on a machine that may be busy

  it('D3: "Schéma oublié / Autre personne" returns to the credentials form', async () => {
    const { page } = await phone(browser);
    const body = '1099100001'; // Karim Benali, second demo professional
    const karim = { login: body + luhnKey(body), password: DEMO_PASSWORD, phone: '+33612345601' };
    await firstLogin(server, page, karim);
    await see(page.getByRole('heading', { name: 'Bonjour Karim' }));
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL((url) => url.pathname === '/connexion/schema');
    await see(page.getByRole('heading', { name: 'Bonjour Karim' }));
    await see(page.getByText('Dessinez votre schéma pour vous connecter.'));

    await page.getByRole('link', { name: 'Schéma oublié / Autre personne' }).click();
    await see(page.getByRole('heading', { name: 'Connexion' }));
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await expect.poll(() => page.getByLabel('Identifiant').inputValue()).toBe('');
    expect(await page.getByRole('link', { name: 'Connexion par schéma' }).count()).toBe(0);
    await shot(page, '18-schema-oublie');
    // The choice holds: the phone no longer opens on the schéma.
    await page.goto(`${server.url}/`);
    await see(page.getByRole('heading', { name: 'Connexion' }));
    expect(new URL(page.url()).pathname).toBe('/connexion');
  });
});
