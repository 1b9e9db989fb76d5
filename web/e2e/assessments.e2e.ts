/**
 * Issue 6, "Done when": bilans, questionnaires, alerts, end of care and archives (D17, D18, D22), one phone per
 * professional. Dr Hélène Dupont creates a patient (she is its médecin traitant) and asks for a COVID-19 home
 * follow-up; Claire, a nurse, accepts it → Claire fills the COVID-19 questionnaire on her phone with an SpO2 under
 * the alert threshold → Hélène, whose app is open, sees the alert arrive live (count on her home, then the list),
 * taps it and lands on the file → Claire fills the end-of-care bilan and ends her series → the file is in her
 * "Mes archives", read-only. Screenshots of every screen go to RELAIS_SCREENS_DIR (default `.tmp/screens`).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROFESSIONALS } from '../../server/src/db/demo-seed.ts';
import {
  DEMO_PASSWORD,
  firstLogin,
  launchBrowser,
  phone,
  screenshot,
  startServer,
  type RelaisServer,
} from './harness.ts';

const CLAIRE = DEMO_PROFESSIONALS.find((p) => p.firstName === 'Claire');
const HELENE = DEMO_PROFESSIONALS.find((p) => p.firstName === 'Hélène');
if (!CLAIRE || !HELENE) throw new Error('the demo seed lacks Claire Martin or Hélène Dupont');
const login = (p: { email: string; phone: string }) => ({
  login: p.email,
  password: DEMO_PASSWORD,
  phone: p.phone,
});

const PATIENT = {
  firstName: 'Gisèle',
  lastName: 'Marchetti-Robin',
  birthDate: '1946-09-02',
  sex: 'F',
  address: { line: '9 rue des Mazières', postalCode: '91000', city: 'Évry-Courcouronnes' },
};
const PATIENT_NAME = `${PATIENT.firstName} ${PATIENT.lastName}`;

async function see(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}

/** Mantine's modals and toasts slide in: let them settle before the picture. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  await screenshot(page, name);
}

/** The alerts entry of the home page, by its accessible name (the count is in it). */
function alertsEntry(page: Page, unread: number): Locator {
  const label =
    unread === 0
      ? 'Remontées d’indicateurs négatifs : aucune non lue'
      : `Remontées d’indicateurs négatifs : ${unread} non lue${unread > 1 ? 's' : ''}`;
  return page.getByRole('link', { name: label, exact: true });
}

/** One item's big Oui/Non or choice buttons. */
async function choose(page: Page, item: string, option: string): Promise<void> {
  await page
    .getByRole('radiogroup', { name: item })
    .getByRole('radio', { name: option, exact: true })
    .click();
}

describe('bilans and questionnaires: a negative indicator alerts the physician, the nurse ends her series', () => {
  let server: RelaisServer;
  let browser: Browser;
  let claire: Page;
  let helene: Page;
  let patientId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('D22: Hélène creates the patient and asks for a COVID-19 follow-up; Claire accepts it', async () => {
    helene = (await phone(browser)).page;
    await firstLogin(server, helene, login(HELENE));
    await see(helene.getByRole('heading', { name: `Bonjour ${HELENE.firstName}` }));
    const me = (await (await helene.request.get(`${server.url}/api/me`)).json()) as { user: { id: string } };
    const headers = { Origin: server.url };
    const created = await helene.request.post(`${server.url}/api/patients`, {
      data: { ...PATIENT, treatingDoctor: { userId: me.user.id } },
      headers,
    });
    expect(created.status()).toBe(201);
    patientId = ((await created.json()) as { id: string }).id;
    const request = await helene.request.post(`${server.url}/api/care-requests`, {
      data: {
        patientId,
        profession: '60',
        careType: 'suivi_covid',
        details: { startDate: '2026-11-25', frequency: '2 fois par jour', durationDays: 10 },
        description: 'Surveillance COVID-19 à domicile, patiente âgée, saturation à surveiller.',
        homeVisit: true,
        responseMinutes: 120,
      },
      headers,
    });
    expect(request.status()).toBe(201);
    const requestId = ((await request.json()) as { id: string }).id;

    claire = (await phone(browser)).page;
    await firstLogin(server, claire, login(CLAIRE));
    await see(claire.getByRole('heading', { name: `Bonjour ${CLAIRE.firstName}` }));
    const accepted = await claire.request.post(`${server.url}/api/care-requests/${requestId}/accept`, {
      data: {},
      headers,
    });
    expect(accepted.status()).toBe(200);

    // Hélène keeps her home open: the alert must reach it live.
    await helene.goto(`${server.url}/`);
    await see(alertsEntry(helene, 0));
    await see(helene.getByText('Aucune remontée non lue'));
    await alertsEntry(helene, 0).scrollIntoViewIfNeeded();
    await shot(helene, 'assess-01-home-physician-no-alert');
  });

  it('Claire opens the file: empty timeline, "Fin série de soins" disabled until a bilan is filled', async () => {
    await claire.goto(`${server.url}/patients/${patientId}`);
    await see(claire.getByRole('heading', { name: PATIENT_NAME, level: 1 }));
    const timeline = claire.getByRole('region', { name: 'Bilans et questionnaires' });
    await see(timeline.getByText('Aucun bilan ni questionnaire pour l’instant.'));
    const end = claire.getByRole('region', { name: 'Fin série de soins' });
    await see(
      end.getByText('Remplissez le bilan de fin de prise en charge avant de terminer la série de soins.'),
    );
    expect(await end.getByRole('button', { name: 'Fin série de soins' }).isDisabled()).toBe(true);
    await timeline.scrollIntoViewIfNeeded();
    await shot(claire, 'assess-02-file-timeline-empty');
    await end.scrollIntoViewIfNeeded();
    await shot(claire, 'assess-03-file-end-disabled');
  });

  it('D17: Claire fills the COVID-19 questionnaire, validated as she types; SpO2 91 % is negative', async () => {
    await claire
      .getByRole('region', { name: 'Bilans et questionnaires' })
      .getByRole('link', { name: 'Remplir un questionnaire' })
      .click();
    await see(claire.getByRole('heading', { name: 'Remplir un questionnaire', level: 1 }));
    await see(claire.getByText(`Pour ${PATIENT_NAME}`));
    const picker = claire.getByRole('list', { name: 'Choisissez le questionnaire' });
    await see(picker.getByRole('link', { name: /Bilan de fin de prise en charge/ }));
    await shot(claire, 'assess-04-pick-questionnaire');
    await picker.getByRole('link', { name: /Suivi COVID-19 à domicile/ }).click();
    await see(claire.getByRole('heading', { name: 'Suivi COVID-19 à domicile', level: 1 }));
    await shot(claire, 'assess-05-covid-form');

    // As she types: out of range, then not an integer.
    const spo2 = claire.getByLabel('Saturation en oxygène (SpO2) (%)');
    await spo2.fill('101');
    await see(claire.getByText('Valeur hors limites : entre 50 et 100 %.'));
    await spo2.fill('91,5');
    await see(claire.getByText('Saisissez un nombre entier.'));
    await spo2.fill('91');
    await expect.poll(() => claire.getByText('Saisissez un nombre entier.').count()).toBe(0);
    const temperature = claire.getByLabel('Température (°C)');
    await temperature.fill('45');
    await see(claire.getByText('Valeur hors limites : entre 34 et 43 °C.'));
    await temperature.scrollIntoViewIfNeeded();
    await shot(claire, 'assess-06-covid-out-of-range');
    await temperature.fill('38,2');

    // Sent incomplete: each missing answer says so, and nothing leaves the phone.
    let posted = false;
    claire.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/api/patients/${patientId}/assessments`)) posted = true;
    });
    await claire.getByRole('button', { name: 'Enregistrer les réponses' }).click();
    await see(claire.getByText('4 réponses sont à corriger.'));
    expect(await claire.getByText('Réponse obligatoire.').count()).toBe(4);
    expect(posted).toBe(false);
    await shot(claire, 'assess-07-covid-required');

    await claire.getByLabel('Fréquence respiratoire (/min)').fill('20');
    await claire.getByLabel('Fréquence cardiaque (/min)').fill('96');
    await choose(claire, 'Essoufflement aggravé', 'Non');
    await choose(claire, 'État général', 'Moyen');
    await claire.getByLabel('Observations (facultatif)').fill('Toux sèche, patiente fatiguée.');
    await expect.poll(() => claire.getByText('Réponse obligatoire.').count()).toBe(0);
    await shot(claire, 'assess-08-covid-filled');
    await claire.getByRole('button', { name: 'Enregistrer les réponses' }).click();

    await see(claire.getByRole('heading', { name: 'Réponses enregistrées', level: 1 }));
    const result = claire.getByRole('region', { name: 'Indicateurs' });
    await see(result.getByText('1 indicateur négatif'));
    await see(
      result.getByText(/les autres membres de l’équipe de soins et le médecin traitant sont alertés/),
    );
    const negative = result.locator('li[data-status="negative"]');
    expect(await negative.count()).toBe(1);
    await see(negative.getByText('SpO2 inférieure à 95 %'));
    expect(await result.locator('li[data-status="ok"]').count()).toBe(6);
    await shot(claire, 'assess-09-covid-result');

    await result.getByRole('link', { name: 'Revenir au dossier' }).click();
    await see(claire.getByRole('heading', { name: PATIENT_NAME, level: 1 }));
    const entry = claire.getByRole('region', { name: 'Bilans et questionnaires' }).getByRole('article');
    await see(entry.getByRole('heading', { name: 'Suivi COVID-19 à domicile' }));
    await see(entry.getByText(/^Claire Martin \(vous\) · /));
    await see(entry.locator('li[data-status="negative"]').getByText('SpO2 inférieure à 95 %'));
    await entry.getByRole('button', { name: 'Voir les réponses' }).click();
    await see(entry.getByText('91 %'));
    await see(entry.getByText('38,2 °C'));
    await entry.scrollIntoViewIfNeeded();
    await shot(claire, 'assess-10-file-timeline');
  });

  it('D17: Hélène sees the alert live on her home, then in the list; a tap opens the file and reads it', async () => {
    // No reload: the live event brings the count.
    await see(alertsEntry(helene, 1));
    await see(helene.getByText('Remontée d’indicateur négatif : un de vos patients est à revoir.'));
    await alertsEntry(helene, 1).scrollIntoViewIfNeeded();
    await shot(helene, 'assess-11-home-physician-alert');

    await alertsEntry(helene, 1).click();
    await see(helene.getByRole('heading', { name: 'Remontées d’indicateurs négatifs', level: 1 }));
    const card = helene.getByRole('button', { name: `Ouvrir le dossier de ${PATIENT_NAME} (non lue)` });
    await see(card);
    await see(card.getByText('SpO2 inférieure à 95 %'));
    await see(card.getByText(/^Par Claire Martin, /));
    await shot(helene, 'assess-12-alerts-unread');

    await card.click();
    await see(helene.getByRole('heading', { name: PATIENT_NAME, level: 1 }));
    const timeline = helene.getByRole('region', { name: 'Bilans et questionnaires' });
    await see(timeline.getByRole('article').getByText('SpO2 inférieure à 95 %'));
    // Hélène created the file but accepted no request: she may not end a series she does not have.
    const end = helene.getByRole('region', { name: 'Fin série de soins' });
    await see(end.getByText(/acceptez d’abord une demande/));
    expect(await end.getByRole('button', { name: 'Fin série de soins' }).isDisabled()).toBe(true);
    await timeline.scrollIntoViewIfNeeded();
    await shot(helene, 'assess-13-physician-file-timeline');

    await helene.goto(`${server.url}/alertes`);
    await see(helene.getByRole('button', { name: `Ouvrir le dossier de ${PATIENT_NAME}`, exact: true }));
    await see(helene.getByText('1 remontée, dont 0 non lue'));
    await shot(helene, 'assess-14-alerts-read');
    await helene.goto(`${server.url}/`);
    await see(alertsEntry(helene, 0));
    // She ended no series of care: her archives are empty, and say so.
    await helene.getByRole('link', { name: /Mes archives/ }).click();
    await see(helene.getByText('Aucun dossier archivé.'));
    await shot(helene, 'assess-14b-archives-empty');
  });

  it('the alerts list says "Délai dépassé, réessayez." when the server does not answer, then recovers', async () => {
    let stalled = true;
    await helene.route('**/api/alerts', async (route) => {
      if (!stalled) await route.continue();
    });
    await helene.goto(`${server.url}/alertes`);
    await see(helene.getByRole('status').getByLabel('Chargement…'));
    await helene.getByText('Délai dépassé, réessayez.').waitFor({ timeout: 25_000 });
    await shot(helene, 'assess-15-alerts-timeout');
    stalled = false;
    await helene.getByRole('button', { name: 'Réessayer' }).click();
    await see(helene.getByRole('button', { name: `Ouvrir le dossier de ${PATIENT_NAME}`, exact: true }));
    await helene.unroute('**/api/alerts');
  });

  it('D18: Claire fills the bilan, ends her series after confirming; the file is read-only in her archives', async () => {
    const end = claire.getByRole('region', { name: 'Fin série de soins' });
    await end.getByRole('link', { name: 'Remplir le bilan' }).click();
    await see(claire.getByRole('heading', { name: 'Bilan de fin de prise en charge', level: 1 }));
    await choose(claire, 'Objectifs de soins atteints', 'Oui');
    await claire.getByLabel('Douleur (échelle numérique) (/10)').fill('2');
    await choose(claire, 'Autonomie', 'Autonome');
    await choose(claire, 'Suivi à prévoir', 'Non');
    await claire.getByLabel('Synthèse (facultatif)').fill('Saturation remontée à 97 %, fin de surveillance.');
    await shot(claire, 'assess-16-bilan-filled');
    await claire.getByRole('button', { name: 'Enregistrer les réponses' }).click();
    const result = claire.getByRole('region', { name: 'Indicateurs' });
    await see(result.getByText('Aucun indicateur négatif.'));
    await shot(claire, 'assess-17-bilan-result');
    await result.getByRole('link', { name: 'Revenir au dossier' }).click();

    const button = end.getByRole('button', { name: 'Fin série de soins' });
    await see(button);
    await expect.poll(() => button.isEnabled()).toBe(true);
    const entries = claire.getByRole('region', { name: 'Bilans et questionnaires' }).getByRole('article');
    expect(await entries.count()).toBe(2);
    // Newest first.
    await see(entries.first().getByRole('heading', { name: 'Bilan de fin de prise en charge' }));
    await button.click();
    const modal = claire.getByRole('dialog', { name: 'Fin série de soins' });
    await see(modal.getByText(/Vous terminez votre série de soins pour Gisèle Marchetti-Robin/));
    await shot(claire, 'assess-18-end-confirm');
    await modal.getByRole('button', { name: 'Terminer ma série de soins' }).click();
    await see(
      claire.getByText('Série de soins terminée : ce dossier est dans vos archives, en lecture seule.'),
    );
    await see(claire.getByText('Série de soins terminée : le dossier est dans « Mes archives ».'));
    // Read-only for her now: no write button left.
    for (const name of ['Modifier le dossier', 'Remplir un questionnaire', 'Nouvelle demande'])
      expect(await claire.getByRole('link', { name }).count()).toBe(0);
    expect(await claire.getByRole('region', { name: 'Fin série de soins' }).count()).toBe(0);
    await claire.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await shot(claire, 'assess-19-file-read-only');

    // The author is not alerted of her own answers.
    await claire.goto(`${server.url}/alertes`);
    await see(claire.getByText('Aucune remontée d’indicateur négatif.'));
    await shot(claire, 'assess-19b-alerts-empty');
    await claire.goto(`${server.url}/`);
    await claire.getByRole('link', { name: /Mes archives/ }).click();
    await see(claire.getByRole('heading', { name: 'Mes archives', level: 1 }));
    const archived = claire.getByRole('link', { name: `Ouvrir le dossier archivé de ${PATIENT_NAME}` });
    await see(archived);
    await see(archived.getByText(/^Série de soins terminée le /));
    // The only nurse who accepted has ended: the whole file is archived.
    await see(archived.getByText('Archivé', { exact: true }));
    await shot(claire, 'assess-20-archives');
    await archived.click();
    await see(claire.getByRole('heading', { name: PATIENT_NAME, level: 1 }));
    await see(
      claire.getByText('Série de soins terminée : ce dossier est dans vos archives, en lecture seule.'),
    );
    await see(claire.getByRole('region', { name: 'Bilans et questionnaires' }).getByRole('article').first());
    for (const name of ['Modifier le dossier', 'Remplir un questionnaire', 'Nouvelle demande'])
      expect(await claire.getByRole('link', { name }).count()).toBe(0);

    await shot(claire, 'assess-21-archived-file');

    // Typing the address of the form does not get round it.
    await claire.goto(`${server.url}/patients/${patientId}/questionnaire`);
    await see(
      claire.getByText('Série de soins terminée : ce dossier est dans vos archives, en lecture seule.'),
    );
    await shot(claire, 'assess-22-fill-refused-archived');
    // And the server refuses a write: 409 with its French message.
    const refused = await claire.request.post(`${server.url}/api/patients/${patientId}/assessments`, {
      data: { questionnaireId: 'bilan-fin-prise-en-charge', answers: {} },
      headers: { Origin: server.url },
    });
    expect(refused.status()).toBe(409);
    expect(await refused.text()).toContain('Ce dossier est archivé');
  });
});
