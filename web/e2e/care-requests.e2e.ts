/**
 * Issue 5, "Done when": the care-request journey, one phone per professional (D7–D14).
 * Claire (déclencheur) sends two requests for her patient → Karim, a pool nurse, sees them anonymised (no name,
 * no description, the commune and the approximate circle), swipes from one to the other, accepts one and gets the
 * full file → Sophie, whose app is open, is told live that it was "déjà acceptée" and its card goes → Julie, whose
 * live socket is cut, tries to accept it and gets the 409 → Claire sees who accepted in "Demandes envoyées",
 * cancels the other request (Sophie's card goes) and relaunches it with a wider zone.
 * Screenshots of every step go to `.tmp/screens/care-*.png`.
 */
import type { Browser, Locator, Page, Response } from 'playwright-core';
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

const nurses = DEMO_PROFESSIONALS.filter((p) => p.profession === '60');
const [CLAIRE, KARIM, SOPHIE, JULIE] = nurses;
if (!CLAIRE || !KARIM || !SOPHIE || !JULIE) throw new Error('the demo seed lacks nurses');
const login = (p: { email: string; phone: string }) => ({
  login: p.email,
  password: DEMO_PASSWORD,
  phone: p.phone,
});

/** What a pool nurse must never see before accepting (D10): each is unique to this patient and request. */
const PATIENT = {
  firstName: 'Jeannine',
  lastName: 'Vasseur-Quillet',
  birthDate: '1941-05-17',
  sex: 'F',
  address: { line: '17 rue des Glycines', postalCode: '91000', city: 'Évry-Courcouronnes' },
  phone: '01 60 77 12 34',
};
const DESCRIPTION = 'Ulcère veineux jambe gauche, pansement hydrocolloïde. Digicode 4821B, 3e étage.';
const SECRETS = ['Jeannine', 'Vasseur', 'Glycines', '4821B', 'hydrocolloïde', '60 77 12 34', '+33160771234'];
const TAKEN = 'Demande déjà acceptée par un autre professionnel';
/** A second patient, whose usual nurse is Sophie (D8, D11). */
const USUAL_PATIENT = {
  firstName: 'Marcel',
  lastName: 'Oudinot-Brisac',
  birthDate: '1938-02-03',
  sex: 'M',
  address: { line: '4 allée des Tilleuls', postalCode: '91000', city: 'Évry-Courcouronnes' },
};
const USUAL_DESCRIPTION = 'Anticoagulant sous-cutané matin et soir. Boîte à clés 7719.';

async function see(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}

async function gone(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'hidden', timeout: 15_000 });
}

/** None of the patient's identifying text anywhere in the page (text, attributes, hidden nodes). */
async function expectAnonymous(page: Page): Promise<void> {
  const html = await page.content();
  for (const secret of SECRETS) expect(html, `"${secret}" leaked into the page`).not.toContain(secret);
}

/** A real finger swipe (touch events through the DevTools protocol), from right to left by default. */
async function swipe(page: Page, target: Locator, dx = -200): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('nothing to swipe');
  const y = box.y + Math.min(box.height / 2, 200);
  const x0 = box.x + box.width / 2 - dx / 2;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
  for (let i = 1; i <= 8; i++)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: [{ x: x0 + (dx * i) / 8, y }],
    });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** The header's circled count (D14), read from its accessible name. */
function badge(page: Page, count: number): Locator {
  const label = count === 0 ? 'Demandes reçues : aucune en attente' : `Demandes reçues : ${count} en attente`;
  return page.getByRole('banner').getByRole('link', { name: label, exact: true });
}

/** Fills "Nouvelle demande" and sends it; returns the result panel. */
async function sendRequest(
  page: Page,
  request: { careType: string; frequency: string; days: string; deadline: string },
  shot?: string,
): Promise<Locator> {
  await page.getByLabel('Type de soin').selectOption({ label: request.careType });
  await page.getByRole('button', { name: request.frequency, exact: true }).click();
  await page.getByLabel('Durée (en jours)').fill(request.days);
  await page.getByLabel('Description de la demande').fill(DESCRIPTION);
  const deadlines = page.getByRole('radiogroup', { name: 'Délai de réponse' });
  await deadlines.getByText(request.deadline, { exact: true }).click();
  expect(await deadlines.getByRole('radio', { name: request.deadline, exact: true }).isChecked()).toBe(true);
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: 'Envoyer la demande' }).click();
  const panel = page.getByRole('region', { name: 'Demande envoyée' });
  await see(panel);
  return panel;
}

describe('care requests: anonymised pool, first acceptance wins, the déclencheur is told', () => {
  let server: RelaisServer;
  let browser: Browser;
  const pages: Record<'claire' | 'karim' | 'sophie' | 'julie', Page> = {} as never;
  let patientId = '';
  let recipients = 0;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('D7: Claire creates a request from her patient file; the pool opens at once (no usual nurse)', async () => {
    const { page } = await phone(browser);
    pages.claire = page;
    await firstLogin(server, page, login(CLAIRE));
    await see(page.getByRole('heading', { name: `Bonjour ${CLAIRE.firstName}` }));
    await see(page.getByRole('region', { name: 'Tableau de bord' }));
    await see(badge(page, 0));

    const created = await page.request.post(`${server.url}/api/patients`, {
      data: PATIENT,
      headers: { Origin: server.url },
    });
    expect(created.status()).toBe(201);
    patientId = ((await created.json()) as { id: string }).id;

    // From the patient file, its care-request slot.
    await page.goto(`${server.url}/patients/${patientId}`);
    const slot = page.getByRole('region', { name: 'Demandes de prise en charge' });
    await see(slot.getByText('Vous n’avez envoyé aucune demande pour ce patient.'));
    await slot.getByRole('link', { name: 'Nouvelle demande', exact: true }).click();
    await see(page.getByRole('heading', { name: 'Nouvelle demande de prise en charge', level: 1 }));
    await see(page.getByText(`Pour ${PATIENT.firstName} ${PATIENT.lastName}`));
    // The warning that the description is for the usual professionals and the acceptor only.
    await see(
      page.getByText(/Seuls les professionnels habituels du patient et le professionnel qui acceptera/),
    );
    await screenshot(page, 'care-1-new-request');
    // Sent empty: every field says what it needs.
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await see(page.getByText('Choisissez le type de soin.'));
    await see(page.getByText('La description est obligatoire.'));
    await screenshot(page, 'care-1a-new-request-errors');

    const first = await sendRequest(
      page,
      { careType: 'Pansement', frequency: '1 fois par jour', days: '14', deadline: '2 h' },
      'care-1b-new-request-filled',
    );
    await see(first.getByText(/^Bassin : la demande est envoyée aux professionnels/));
    const sentTo = await first.getByText(/^Envoyée à \d+ professionnels?\.$/).textContent();
    recipients = Number(/\d+/.exec(sentTo ?? '')?.[0]);
    // Karim, Sophie, Julie and Thomas all cover Évry-Courcouronnes with their default 10 km zone.
    expect(recipients).toBe(4);
    await see(first.getByText(/^Réponse attendue au plus tard aujourd’hui à \d\d:\d\d\.$|^Réponse attendue/));
    await screenshot(page, 'care-2-request-sent');

    // A second request for the same patient, later, hence first in the inboxes (newest first).
    await page.getByRole('button', { name: 'Faire une autre demande' }).click();
    await sendRequest(page, {
      careType: 'Prise de sang',
      frequency: '1 fois par semaine',
      days: '30',
      deadline: '24 h',
    });
  });

  it('D10: Karim, a pool nurse, sees both cards anonymised, newest first, and swipes between them', async () => {
    const { page } = await phone(browser);
    pages.karim = page;
    await firstLogin(server, page, login(KARIM));
    await see(badge(page, 2));
    await see(
      page.getByRole('region', { name: 'Tableau de bord' }).getByText('2 demandes en attente de réponse'),
    );
    await screenshot(page, 'care-3-home-badge');

    const inboxResponse = page.waitForResponse(
      (r: Response) => r.url().endsWith('/api/care-requests/inbox') && r.status() === 200,
    );
    await badge(page, 2).click();
    await see(page.getByRole('heading', { name: 'Demandes reçues', level: 1 }));
    // The server never sent the name or the description (D10), not merely hidden by the page.
    const body = await (await inboxResponse).text();
    for (const secret of SECRETS) expect(body).not.toContain(secret);

    const card = page.getByRole('article');
    await see(page.getByText('Demande 1 sur 2'));
    await see(card.getByRole('heading', { name: 'Prise de sang' }));
    await see(card.getByText('Patient anonyme jusqu’à l’acceptation'));
    await see(card.getByRole('definition').filter({ hasText: /^Évry-Courcouronnes$/ }));
    await see(
      card.getByRole('img', {
        name: /^Zone approximative du patient : un cercle de .+ de rayon, commune de Évry-Courcouronnes/,
      }),
    );
    await expectAnonymous(page);
    await screenshot(page, 'care-4-inbox-anonymous');

    // A finger swipe to the left brings the next (older) request.
    await swipe(page, card);
    await see(page.getByText('Demande 2 sur 2'));
    await see(card.getByRole('heading', { name: 'Pansement' }));
    await see(card.getByText(/1 fois par jour · 14 jours/));
    await expectAnonymous(page);
    await screenshot(page, 'care-5-inbox-swiped');
    // …and to the right, back.
    await swipe(page, card, 200);
    await see(page.getByText('Demande 1 sur 2'));
    // The buttons do the same, for the keyboard and those who do not swipe.
    await page.getByRole('button', { name: 'Demande suivante' }).click();
    await see(card.getByRole('heading', { name: 'Pansement' }));
  });

  it('Sophie (live) and Julie (live socket cut) have the same card open', async () => {
    const sophie = await phone(browser);
    pages.sophie = sophie.page;
    await firstLogin(server, sophie.page, login(SOPHIE));
    await sophie.page.goto(`${server.url}/demandes`);
    await sophie.page.getByRole('button', { name: 'Demande suivante' }).click();
    await see(sophie.page.getByRole('article').getByRole('heading', { name: 'Pansement' }));

    const julie = await phone(browser);
    pages.julie = julie.page;
    // Julie's phone never hears the live events: she learns of the acceptance from the server's 409.
    await julie.context.routeWebSocket(/\/api\/events/, () => undefined);
    await firstLogin(server, julie.page, login(JULIE));
    // A stalled network first: the inbox never answers; after the 15 s timeout the screen says so and retries.
    let stalled = true;
    await julie.page.route('**/api/care-requests/inbox', async (route) => {
      if (!stalled) await route.continue();
    });
    await julie.page.goto(`${server.url}/demandes`);
    // Progress is shown meanwhile.
    await see(julie.page.getByLabel('Chargement…'));
    const timeout = julie.page.getByRole('alert').filter({ hasText: 'Délai dépassé, réessayez.' });
    await timeout.waitFor({ state: 'visible', timeout: 25_000 });
    await screenshot(julie.page, 'care-4b-inbox-timeout');
    stalled = false;
    await timeout.getByRole('button', { name: 'Réessayer' }).click();
    await julie.page.getByRole('button', { name: 'Demande suivante' }).click();
    await see(julie.page.getByRole('article').getByRole('heading', { name: 'Pansement' }));
  });

  it('D12: Karim accepts and gets the full file; Sophie is told live it is "déjà acceptée", Claire who accepted', async () => {
    const karim = pages.karim;
    await karim.getByRole('article').getByRole('button', { name: 'Accepter' }).click();
    await karim.waitForURL(new RegExp(`/patients/${patientId}\\?demande=[0-9a-f-]+$`));

    // Sophie did nothing: the live event says it (a toast lasts 8 s: looked at first), and the card leaves.
    const sophie = pages.sophie;
    await see(sophie.getByText(TAKEN).first());
    await see(sophie.getByText('Demande 1 sur 1'));
    await see(sophie.getByRole('article').getByRole('heading', { name: 'Prise de sang' }));
    await gone(sophie.getByRole('article').getByRole('heading', { name: 'Pansement' }));
    await screenshot(sophie, 'care-7-taken-live');
    await see(badge(sophie, 1));

    // Claire, the déclencheur, is told who accepted, live too.
    const claire = pages.claire;
    await see(
      claire.getByText(
        `Votre demande de prise en charge a été acceptée par ${KARIM.firstName} ${KARIM.lastName}`,
      ),
    );
    await screenshot(claire, 'care-7b-accepted-live');

    // The full file: name, address, phone (D12), and the accepted request with its description (D11).
    await see(karim.getByRole('heading', { name: `${PATIENT.firstName} ${PATIENT.lastName}`, level: 1 }));
    await see(
      karim.getByText('Demande acceptée : vous faites maintenant partie de l’équipe de soins du patient.'),
    );
    await see(karim.getByText('17 rue des Glycines'));
    await see(karim.getByRole('link', { name: 'Appeler le 01 60 77 12 34' }));
    const accepted = karim.getByRole('article', { name: 'Infirmier · Pansement' });
    await see(accepted.getByText(DESCRIPTION));
    await see(accepted.getByText(`Demande de ${CLAIRE.firstName} ${CLAIRE.lastName}`));
    await screenshot(karim, 'care-6-accepted-file');
    await see(badge(karim, 1));
  });

  it('D12: Julie, without live events, tries to accept and is told it is "déjà acceptée" (409)', async () => {
    const julie = pages.julie;
    // Still on her screen: her socket never told her.
    await see(julie.getByRole('article').getByRole('heading', { name: 'Pansement' }));
    await julie.getByRole('article').getByRole('button', { name: 'Accepter' }).click();
    // On the page where the card was (the toast says it too).
    await see(julie.getByRole('main').getByRole('alert').filter({ hasText: TAKEN }));
    await see(julie.getByText('Demande 1 sur 1'));
    await gone(julie.getByRole('article').getByRole('heading', { name: 'Pansement' }));
    expect(julie.url()).toMatch(/\/demandes$/);
    await expectAnonymous(julie);
    await screenshot(julie, 'care-8-taken-409');
  });

  it('D12/D13: Claire sees who accepted in "Demandes envoyées", cancels and relaunches', async () => {
    const claire = pages.claire;
    await claire.getByRole('link', { name: 'Voir mes demandes envoyées' }).click();
    await see(claire.getByRole('heading', { name: 'Demandes envoyées', level: 1 }));

    const accepted = claire
      .getByRole('article')
      .filter({ has: claire.getByRole('heading', { name: 'Pansement' }) });
    await see(accepted.getByText(`Acceptée par ${KARIM.firstName} ${KARIM.lastName}`));
    await see(accepted.getByText(`Patient : ${PATIENT.firstName} ${PATIENT.lastName}`));
    await see(accepted.getByText(`${recipients} destinataires · aucun refus`));
    const open = claire
      .getByRole('article')
      .filter({ has: claire.getByRole('heading', { name: 'Prise de sang' }) });
    await see(open.getByText('Bassin', { exact: true }));
    await screenshot(claire, 'care-9-sent');

    // Cancel the open one: Sophie's card goes.
    await open.getByRole('button', { name: 'Annuler' }).click();
    const dialog = claire.getByRole('dialog', { name: 'Annuler la demande' });
    await see(dialog);
    await screenshot(claire, 'care-10-cancel');
    await dialog.getByRole('button', { name: 'Annuler la demande' }).click();
    await see(open.getByText('Annulée', { exact: true }));
    await see(pages.sophie.getByText('Une demande de prise en charge a été annulée').first());
    await see(pages.sophie.getByText('Aucune demande en attente.'));
    await screenshot(pages.sophie, 'care-10b-inbox-empty');
    await see(badge(pages.sophie, 0));

    // Relaunch it, with a zone wider by 10 km: it reaches the pool again.
    await open.getByRole('button', { name: 'Relancer' }).click();
    const relaunch = claire.getByRole('dialog', { name: 'Relancer la demande' });
    await see(relaunch);
    await relaunch.getByText('+10 km').click();
    await screenshot(claire, 'care-11-relaunch');
    await relaunch.getByRole('button', { name: 'Relancer la demande' }).click();
    await see(claire.getByText(/^Demande relancée : envoyée à \d+ professionnels\.$/));
    await see(claire.getByRole('article').filter({ hasText: 'Bassin' }).first());
    await see(pages.sophie.getByText('Demande 1 sur 1'));
    await see(pages.sophie.getByRole('article').getByRole('heading', { name: 'Prise de sang' }));
    await screenshot(claire, 'care-12-relaunched');
  });
  it('D8/D11/D13: a usual nurse sees the name, the description and the note; her decline opens the pool', async () => {
    const claire = pages.claire;
    const users = await claire.request.get(`${server.url}/api/directory/users?q=${SOPHIE.lastName}`);
    const sophieId = ((await users.json()) as { items: { id: string; firstName: string }[] }).items.find(
      (u) => u.firstName === SOPHIE.firstName,
    )?.id;
    expect(sophieId).toBeTruthy();
    const created = await claire.request.post(`${server.url}/api/patients`, {
      data: { ...USUAL_PATIENT, usualProfessionalIds: [sophieId] },
      headers: { Origin: server.url },
    });
    expect(created.status()).toBe(201);
    const usualPatientId = ((await created.json()) as { id: string }).id;

    // A custom deadline: 90 minutes, so the usual nurse has it alone for 45 (D8).
    await claire.goto(`${server.url}/patients/${usualPatientId}/demande`);
    await claire.getByLabel('Type de soin').selectOption({ label: 'Injection' });
    await claire.getByRole('button', { name: '2 fois par jour', exact: true }).click();
    await claire.getByLabel('Durée (en jours)').fill('10');
    await claire.getByLabel('Description de la demande').fill(USUAL_DESCRIPTION);
    await claire
      .getByRole('radiogroup', { name: 'Délai de réponse' })
      .getByText('Autre', { exact: true })
      .click();
    await claire.getByLabel('Durée', { exact: true }).fill('90');
    await claire.getByLabel('Unité').selectOption({ label: 'minutes' });
    await screenshot(claire, 'care-13-custom-deadline');
    await claire.getByRole('button', { name: 'Envoyer la demande' }).click();
    const sent = claire.getByRole('region', { name: 'Demande envoyée' });
    await see(
      sent.getByText(
        /^Priorité aux habituels : seuls les professionnels habituels du patient la voient jusqu’à/,
      ),
    );
    await see(sent.getByText('Envoyée à 1 professionnel.'));
    await screenshot(claire, 'care-14-sent-priority');

    // Sophie is told live; the card she was reading stays in front of her, the new one comes first.
    const sophie = pages.sophie;
    await see(sophie.getByText('Nouvelle demande de prise en charge').first());
    await see(sophie.getByText('Demande 2 sur 2'));
    await see(sophie.getByRole('article').getByRole('heading', { name: 'Prise de sang' }));
    await sophie.getByRole('button', { name: 'Demande précédente' }).click();
    const card = sophie.getByRole('article');
    await see(card.getByRole('heading', { name: 'Injection' }));
    await see(card.getByText(`${USUAL_PATIENT.firstName} ${USUAL_PATIENT.lastName}`));
    await see(card.getByText(`Professionnel de santé habituel : ${SOPHIE.firstName} ${SOPHIE.lastName}`));
    await see(card.getByText(USUAL_DESCRIPTION));
    await see(card.getByText(`${CLAIRE.firstName} ${CLAIRE.lastName}`));
    await screenshot(sophie, 'care-15-inbox-usual');

    // She declines, with a reason: everyone usual declined, so the pool opens at once (D8).
    await card.getByRole('button', { name: 'Décliner' }).click();
    const dialog = sophie.getByRole('dialog', { name: 'Décliner la demande' });
    await dialog.getByLabel(/^Motif/).fill('Pas de disponibilité cette semaine');
    await screenshot(sophie, 'care-16-decline');
    await dialog.getByRole('button', { name: 'Décliner la demande' }).click();
    await see(sophie.getByText('Demande déclinée.').first());
    await gone(sophie.getByRole('article').getByRole('heading', { name: 'Injection' }));
    await see(sophie.getByText('Demande 1 sur 1'));

    // Karim, in the pool, is told live; he reads it anonymised.
    const karim = pages.karim;
    await see(badge(karim, 2));
    await badge(karim, 2).click();
    await see(karim.getByRole('article').getByRole('heading', { name: 'Injection' }));
    const html = await karim.content();
    for (const secret of [USUAL_PATIENT.lastName, '7719', 'Anticoagulant'])
      expect(html).not.toContain(secret);

    // Claire sees the decline and the pool phase.
    await claire.getByRole('link', { name: 'Voir mes demandes envoyées' }).click();
    const injection = claire
      .getByRole('article')
      .filter({ has: claire.getByRole('heading', { name: 'Injection' }) });
    await see(injection.getByText('Bassin', { exact: true }));
    // Sophie, then the pool: Karim, Julie and Thomas.
    await see(injection.getByText('4 destinataires · 1 refus'));
    await screenshot(claire, 'care-17-sent-declined');

    // The patient file lists her requests for this patient in its care-request slot.
    await claire.goto(`${server.url}/patients/${patientId}`);
    const slot = claire.getByRole('region', { name: 'Demandes de prise en charge' });
    await see(slot.getByText(`Acceptée par ${KARIM.firstName} ${KARIM.lastName}`));
    await see(slot.getByText('Annulée', { exact: true }));
    await slot.scrollIntoViewIfNeeded();
    await screenshot(claire, 'care-18-patient-file-slot');
  });
});
