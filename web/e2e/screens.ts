/**
 * Screenshots of every screen at 390×844 (a phone), for a human to look at.
 *   npm run build -w web && RELAIS_API_URL=http://127.0.0.1:3999 npx vite preview (in web/)
 *   RELAIS_WEB_URL=http://127.0.0.1:4173 npx tsx web/e2e/screens.ts
 * Needs a server in test mode (RELAIS_TEST_MODE=1) with the demo seed, for SMS codes via /api/test/outbox.
 */
import { mkdirSync } from 'node:fs';
import process from 'node:process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { luhnKey } from '@relais/contracts';
import { drawPattern } from './harness.ts';

const BASE = process.env.RELAIS_WEB_URL ?? 'http://127.0.0.1:4173';
const OUT = process.env.RELAIS_SCREENS_DIR ?? new URL('../../.tmp/screens/', import.meta.url).pathname;
const DEMO_PASSWORD = process.env.RELAIS_DEMO_PASSWORD ?? 'Relais-demo-Evry-2026';
const PATTERN = [0, 3, 6, 7, 8];

mkdirSync(OUT, { recursive: true });

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${OUT}${name}.png`, fullPage });
  console.log(`📸 ${name}`);
}

/** The first match of `pattern` in the latest SMS of the test outbox. */
async function fromLatestSms(page: Page, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const response = await page.request.get(`${BASE}/api/test/outbox?channel=sms`);
    const messages = (await response.json()) as { body: string }[];
    const found = pattern.exec(messages[0]?.body ?? '')?.[1];
    if (found) return found;
    await page.waitForTimeout(250);
  }
  throw new Error(`no SMS matching ${String(pattern)} in the outbox`);
}

const latestSmsCode = (page: Page) => fromLatestSms(page, /\b(\d{6})\b/);

/** Modals and toasts slide in: let them settle before the picture. */
const settle = (page: Page) => page.waitForTimeout(500);

async function passwordLogin(page: Page, identifier: string, prefix: string): Promise<void> {
  await page.goto(`${BASE}/connexion`);
  await page.getByLabel('Identifiant').fill(identifier);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByLabel('Code reçu par SMS').waitFor();
  await shot(page, `${prefix}-code-sms`);
  await page.getByLabel('Code reçu par SMS').fill(await latestSmsCode(page));
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.getByText('Étape 1 sur 2').waitFor();
}

/** A valid (Luhn) RPPS number, different at each run so that registrations do not collide. */
function rpps(): string {
  const body = `1${String(Date.now()).slice(-9)}`;
  return body + luhnKey(body);
}

const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const MISMATCHED_REGISTRATION = {
  id: '7d4f8a34-3f7e-4d7b-9d55-1c3a0f6b2e11',
  status: 'pending',
  identifierType: 'rpps',
  identifier: '10000000006',
  profession: '60',
  specialty: null,
  firstName: 'Jeanne',
  lastName: 'Durand',
  email: 'jeanne.durand@example.test',
  mobilePhone: '+33698765432',
  officeAddress: { line: '3 place des Droits de l’Homme', postalCode: '91000', city: 'Évry-Courcouronnes' },
  network: 'CPTS Cœur d’Essonne',
  createdAt: '2026-11-25T08:30:00.000Z',
  proof: { mimeType: 'application/pdf', size: 734003 },
  rejectionReason: null,
  directoryCheck: {
    found: true,
    mismatches: ['lastName', 'profession'],
    directoryName: 'Jeanne DURAND-LEBLANC',
    directoryProfession: '10',
  },
};

async function newPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    serviceWorkers: 'block',
  });
  return context.newPage();
}

/** Slow and absent networks, the offline shell, and the schéma by keyboard. */
async function resilience(browser: Browser): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${BASE}/connexion`);
  await page.getByRole('button', { name: 'Se connecter' }).waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready; // production builds only
  });

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: 'Se connecter' }).waitFor(); // the app shell, from the service worker
  await page.getByLabel('Identifiant').fill('claire.martin@demo.relais.test');
  await page.getByLabel('Mot de passe', { exact: true }).fill('peu importe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Réessayer' }).waitFor();
  await shot(page, '40-hors-ligne');
  await context.setOffline(false);

  await page.route('**/api/auth/login', () => undefined); // never answers
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByText('Délai dépassé, réessayez.').waitFor({ timeout: 20_000 });
  await page.screenshot({ path: `${OUT}41-delai-depasse.png` });
  console.log('📸 41-delai-depasse');
  await page.unroute('**/api/auth/login');

  await page.evaluate(() => {
    localStorage.setItem(
      'relais.device',
      JSON.stringify({
        deviceId: '00000000-0000-4000-8000-000000000000',
        firstName: 'Test',
        hasPattern: true,
      }),
    );
  });
  await page.goto(`${BASE}/`);
  await page.getByRole('button', { name: 'Point 1', exact: true }).focus();
  await page.keyboard.press('Enter');
  for (const key of ['Tab', ' ', 'Tab', 'Enter', 'Tab', 'Tab', 'Tab', 'Enter'])
    await page.keyboard.press(key);
  await page.getByText('4 points reliés.').waitFor();
  await shot(page, '42-schema-clavier');
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.waitForURL('**/connexion');
  await shot(page, '43-appareil-inconnu');
  await context.close();
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
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
  try {
    const page = await newPhone(browser);
    const stamp = Date.now();

    // Signed out.
    await page.goto(`${BASE}/`);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    await shot(page, '01-connexion');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await shot(page, '02-connexion-champs-vides');
    await page.getByLabel('Identifiant').fill('claire.martin@demo.relais.test');
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').first().waitFor();
    await shot(page, '03-connexion-refusee');

    await page.route('**/api/auth/login', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('button', { name: 'Réessayer' }).waitFor();
    await shot(page, '04-connexion-reseau-coupe');
    await page.unroute('**/api/auth/login');

    // Registration.
    await page.getByRole('link', { name: 'S’enregistrer' }).click();
    await page.getByRole('heading', { name: 'S’enregistrer' }).waitFor();
    await shot(page, '05-inscription', true);
    await page.getByRole('button', { name: 'S’enregistrer' }).click();
    await shot(page, '06-inscription-erreurs', true);
    await page.getByLabel('Numéro RPPS').fill(rpps());
    await page.getByLabel('Profession').selectOption('60');
    await page.getByLabel('Prénom').fill('Aïcha');
    await page.getByLabel('Nom', { exact: true }).fill(`Test${stamp}`);
    await page.getByLabel('Adresse du cabinet').fill('12 rue de la Paix');
    await page.getByLabel('Code postal').fill('91000');
    await page.getByLabel('Ville').fill('Évry-Courcouronnes');
    await page.getByLabel('Téléphone mobile').fill('06 12 34 56 78');
    await page.getByLabel('Adresse e-mail').fill(`aicha.${stamp}@example.test`);
    await page.getByLabel('Mot de passe', { exact: true }).fill('cheval agrafe batterie correcte');
    await page.locator('input[type=file][name=proof]').setInputFiles({
      name: 'carte-cps.png',
      mimeType: 'image/png',
      buffer: PNG_1PX,
    });
    await shot(page, '07-inscription-remplie', true);
    await page.getByRole('button', { name: 'S’enregistrer' }).click();
    await page.getByText('Inscription envoyée').waitFor();
    await shot(page, '08-inscription-envoyee');

    // A professional: password + SMS code, then the schéma.
    await passwordLogin(page, 'claire.martin@demo.relais.test', '09');
    await shot(page, '10-schema-etape-1');
    await page.getByRole('button', { name: 'Point 1', exact: true }).click();
    await page.getByRole('button', { name: 'Point 2', exact: true }).click();
    await shot(page, '11-schema-en-cours');
    await page.getByRole('button', { name: 'Effacer' }).click();
    await drawPattern(page, PATTERN);
    await page.getByText('Étape 2 sur 2').waitFor();
    await shot(page, '12-schema-etape-2');
    await drawPattern(page, PATTERN);
    await page.getByRole('heading', { name: /Bonjour Claire/ }).waitFor();
    await shot(page, '13-accueil');
    await page.getByRole('link', { name: 'Changer le mot de passe' }).click();
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await shot(page, '14-mot-de-passe-erreurs');
    await page.goto(`${BASE}/`);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByText('Bonjour Claire').waitFor();
    await shot(page, '15-connexion-schema');
    await drawPattern(page, [2, 5, 8, 7]);
    await page.getByText(/Schéma incorrect/).waitFor();
    await shot(page, '16-schema-incorrect');
    await drawPattern(page, PATTERN);
    await page.getByRole('heading', { name: /Bonjour Claire/ }).waitFor();

    // Support.
    const support = await newPhone(browser);
    await passwordLogin(support, 'support@demo.relais.test', '17');
    await drawPattern(support, PATTERN);
    await support.getByText('Étape 2 sur 2').waitFor();
    await drawPattern(support, PATTERN);
    await support.getByRole('heading', { name: 'Console support' }).waitFor();
    await shot(support, '18-support-inscriptions', true);
    const card = support.getByRole('article', { name: new RegExp(`Test${stamp}`) });
    await card.getByRole('button', { name: 'Afficher le justificatif' }).click();
    await card.getByRole('img').waitFor();
    await shot(support, '19-support-justificatif', true);
    await card.getByRole('button', { name: 'Refuser' }).click();
    await support.getByRole('button', { name: 'Confirmer le refus' }).click();
    await settle(support);
    await shot(support, '20-support-refus');
    await support.getByRole('button', { name: 'Annuler' }).click();
    await support.getByRole('tab', { name: 'Comptes' }).click();
    await support.getByText(/\d+ comptes?/).waitFor();
    await shot(support, '21-support-comptes', true);
    const claire = support.getByRole('article', { name: /Claire Martin/ });
    await support.getByLabel('Rechercher').fill('Claire');
    await claire.waitFor();
    await claire.getByRole('button', { name: 'Bloquer' }).click();
    await claire.getByRole('button', { name: 'Débloquer' }).waitFor();
    await shot(support, '22-support-compte-bloque');
    await claire.getByRole('button', { name: 'Débloquer' }).click();
    await claire.getByRole('button', { name: 'Bloquer' }).waitFor();
    await claire.getByRole('button', { name: 'Réinitialiser le mot de passe' }).click();
    await settle(support);
    await shot(support, '23-support-reinitialiser');
    await support.getByRole('button', { name: 'Annuler' }).click();
    await support.getByRole('tab', { name: 'Nouveau professionnel' }).click();
    await shot(support, '24-support-nouveau', true);
    await support.getByRole('button', { name: 'Créer le compte' }).click();
    await shot(support, '25-support-nouveau-erreurs', true);

    await support.getByRole('tab', { name: 'Inscriptions en attente' }).click();
    await card.getByRole('button', { name: 'Valider' }).click();
    await card.waitFor({ state: 'detached' });
    await settle(support);
    await shot(support, '26-support-inscription-validee');

    // D4: support sends a temporary password; Claire's sessions and schéma are closed.
    await support.getByRole('tab', { name: 'Comptes' }).click();
    await support.getByLabel('Rechercher').fill('Claire');
    await claire.getByRole('button', { name: 'Réinitialiser le mot de passe' }).click();
    await support.getByRole('button', { name: 'Envoyer par SMS' }).click();
    await settle(support);
    await shot(support, '27-support-mot-de-passe-envoye');
    const temporary = await fromLatestSms(support, /temporaire : (\S+)/);

    await support.setViewportSize({ width: 1280, height: 800 });
    await support.getByRole('tab', { name: 'Inscriptions en attente' }).click();
    await shot(support, '28-support-bureau');

    // The demo has no national directory: a canned answer shows how a mismatch looks.
    await support.route('**/api/admin/registrations?status=pending', (route) =>
      route.fulfill({ json: [MISMATCHED_REGISTRATION] }),
    );
    await support.setViewportSize({ width: 390, height: 844 });
    await support.reload();
    await support.getByText('Écarts avec l’annuaire', { exact: true }).waitFor();
    await shot(support, '32-support-ecarts-annuaire', true);
    await support.unroute('**/api/admin/registrations?status=pending');

    await page.reload();
    await page.getByText('Bonjour Claire').waitFor();
    await drawPattern(page, PATTERN);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    await shot(page, '29-schema-desactive');
    await page.getByLabel('Identifiant').fill('claire.martin@demo.relais.test');
    await page.getByLabel('Mot de passe', { exact: true }).fill(temporary);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByLabel('Mot de passe actuel').waitFor();
    await shot(page, '30-mot-de-passe-impose');
    await page.getByLabel('Mot de passe actuel').fill(temporary);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('girafe parapluie horizon 2026');
    await page.getByLabel('Confirmer le nouveau mot de passe').fill('girafe parapluie horizon 2026');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Étape 1 sur 2').waitFor();
    await drawPattern(page, PATTERN);
    await page.getByText('Étape 2 sur 2').waitFor();
    await drawPattern(page, PATTERN);
    await page.getByRole('heading', { name: /Bonjour Claire/ }).waitFor();
    await shot(page, '31-accueil-apres-reinitialisation');

    await resilience(browser);
  } finally {
    await browser.close();
  }
}

await main();
