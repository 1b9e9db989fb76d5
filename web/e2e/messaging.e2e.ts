/**
 * Issue 7, "Done when": two professionals, each on a phone, exchange messages live (D19).
 * Claire (nurse) opens Messagerie > Nouveau message, finds Dr Hélène Dupont by name typed without accents, ticks
 * her, writes → Hélène's home badge rises without a reload → she opens the thread, reads, the badge clears → she
 * replies, Claire sees it live with "Lu" under her message. Then: the server's French error for an over-long
 * message, older messages loaded by scrolling up without losing one's place, and leaving a group thread.
 * Screenshots of every screen go to `$RELAIS_SCREENS_DIR` (default `.tmp/screens`), named `messaging-*.png`.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_MAX_LENGTH } from '@relais/contracts';
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

const find = (firstName: string) => {
  const p = DEMO_PROFESSIONALS.find((d) => d.firstName === firstName);
  if (!p) throw new Error(`the demo seed lacks ${firstName}`);
  return p;
};
const CLAIRE = find('Claire');
const HELENE = find('Hélène');
const KARIM = find('Karim');
const login = (p: { email: string; phone: string }) => ({
  login: p.email,
  password: DEMO_PASSWORD,
  phone: p.phone,
});

const FIRST = 'Bonjour Docteur, Mme V. a une plaie qui suinte depuis hier soir. Pouvez-vous passer demain ?';
const REPLY = 'Bonjour Claire, je passe demain vers 11 h. Merci pour l’alerte.';

async function see(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  // Toasts and modals slide in: let them settle.
  await page.waitForTimeout(400);
  await screenshot(page, `messaging-${name}`);
}

/** The home page's Messagerie entry, read from its accessible name (the count is part of it). */
function entry(page: Page, unread: number): Locator {
  const label =
    unread === 0
      ? 'Messagerie : aucun message non lu'
      : `Messagerie : ${unread} message${unread > 1 ? 's' : ''} non lu${unread > 1 ? 's' : ''}`;
  return page.getByRole('link', { name: label, exact: true });
}

function bubbles(page: Page): Locator {
  return page.getByTestId('message');
}

/** A value the page keeps until it reloads: proves an update came live. */
async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { relaisMark: number }).relaisMark = 7;
  });
}
async function expectNoReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { relaisMark?: number }).relaisMark)).toBe(7);
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Votre message').fill(text);
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
}

describe('messaging: two professionals write to each other live (D19)', () => {
  let server: RelaisServer;
  let browser: Browser;
  /** What beforeAll managed to start, to stop in reverse order even when it failed half-way. */
  const started: (() => Promise<void>)[] = [];
  let claire: Page;
  let helene: Page;
  let threadUrl = '';

  beforeAll(async () => {
    server = await startServer();
    started.unshift(() => server.stop());
    browser = await launchBrowser();
    started.unshift(() => browser.close());
    claire = (await phone(browser)).page;
    helene = (await phone(browser)).page;
  });

  afterAll(async () => {
    for (const stop of started) await stop();
  });

  it('D19: both log in on their phones; the home page has the Messagerie entry, nothing unread', async () => {
    await firstLogin(server, claire, login(CLAIRE));
    await firstLogin(server, helene, login(HELENE));
    await see(claire.getByRole('heading', { name: `Bonjour ${CLAIRE.firstName}` }));
    await see(helene.getByRole('heading', { name: `Bonjour ${HELENE.firstName}` }));
    await see(entry(helene, 0));
    await entry(helene, 0).scrollIntoViewIfNeeded();
    await shot(helene, '01-home');
  });

  it('D19: Claire finds Hélène by name (no accents typed), ticks her, adds a subject, "Rédiger" opens the thread', async () => {
    await entry(claire, 0).click();
    await see(claire.getByRole('heading', { name: 'Messagerie', level: 1 }));
    await see(claire.getByText('Aucune conversation pour l’instant.'));
    await shot(claire, '02-list-empty');

    await claire.getByRole('link', { name: '+ Nouveau message' }).click();
    await see(claire.getByRole('heading', { name: 'Nouveau message', level: 1 }));
    await claire.getByRole('button', { name: 'Rédiger' }).click();
    await see(claire.getByRole('alert').getByText('Choisissez au moins un destinataire.'));

    await claire.getByLabel('Destinataires').fill('helene dup');
    const tick = claire.getByRole('checkbox', { name: 'Choisir Hélène Dupont' });
    await see(tick);
    await tick.check();
    const chosen = claire.getByRole('list', { name: '1 destinataire choisi' });
    await see(chosen.getByText('Hélène Dupont'));
    await claire.getByLabel('Sujet (facultatif)').fill('Mme V. — pansement');
    await shot(claire, '03-new-message');

    await claire.getByRole('button', { name: 'Rédiger' }).click();
    await claire.waitForURL(/\/messagerie\/[0-9a-f-]{36}$/);
    threadUrl = claire.url();
    await see(claire.getByRole('heading', { name: 'Mme V. — pansement', level: 1 }));
    await see(claire.getByText('Dr Hélène Dupont (Médecin)'));
    await see(claire.getByText('Aucun message pour l’instant. Écrivez le premier.'));
    await shot(claire, '04-thread-empty');
  });

  it('D19: Claire sends; Hélène’s badge rises live (no reload), the list shows the unread count', async () => {
    await markNoReload(helene);
    await send(claire, FIRST);
    await see(bubbles(claire).filter({ hasText: FIRST }));
    expect(await bubbles(claire).filter({ hasText: FIRST }).getAttribute('data-mine')).toBe('true');
    await expect.poll(() => claire.getByLabel('Votre message').inputValue()).toBe('');
    await shot(claire, '05-thread-sent');

    await see(entry(helene, 1));
    await see(helene.getByText('Nouveau message de Claire Martin'));
    await expectNoReload(helene);
    await entry(helene, 1).scrollIntoViewIfNeeded();
    await shot(helene, '06-home-unread');

    await entry(helene, 1).click();
    const row = helene.getByRole('link', { name: 'Mme V. — pansement, 1 message non lu' });
    await see(row);
    await see(row.getByText('Claire Martin (Infirmier)'));
    await see(row.getByText(FIRST.slice(0, 40)));
    await shot(helene, '07-list-unread');
  });

  it('D19: Hélène opens the thread, reads the message, and her badge clears', async () => {
    await helene.getByRole('link', { name: 'Mme V. — pansement, 1 message non lu' }).click();
    await see(bubbles(helene).filter({ hasText: FIRST }));
    expect(await bubbles(helene).filter({ hasText: FIRST }).getAttribute('data-mine')).toBe('false');
    await shot(helene, '08-thread-received');
    await helene.getByRole('link', { name: '← Messagerie' }).click();
    await see(helene.getByRole('link', { name: 'Mme V. — pansement', exact: true }));
    await helene.getByRole('link', { name: '← Accueil' }).click();
    await see(entry(helene, 0));
    await expectNoReload(helene);
  });

  it('D19: Hélène replies; Claire sees it live, with "Lu" under her own message', async () => {
    await helene.goto(threadUrl);
    await see(bubbles(helene).filter({ hasText: FIRST }));
    await send(helene, REPLY);
    await see(bubbles(helene).filter({ hasText: REPLY }));

    await see(bubbles(claire).filter({ hasText: REPLY }));
    await see(bubbles(claire).filter({ hasText: FIRST }).getByTestId('read-receipt').getByText('Lu'));
    expect(await bubbles(claire).count()).toBe(2);
    await shot(claire, '09-thread-reply-live');
    // Claire had the thread on screen: the reply is already read, her count stays at zero.
    const dashboard = await claire.request.get(`${server.url}/api/dashboard`);
    expect(((await dashboard.json()) as { unreadMessages: number }).unreadMessages).toBe(0);
  });

  it('D19: an over-long message gets the server’s French error; nothing is sent', async () => {
    const long = 'a'.repeat(MESSAGE_MAX_LENGTH + 1);
    await claire.getByLabel('Votre message').fill(long);
    await see(claire.getByText('10 001 / 10 000 caractères'));
    await claire.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await see(claire.getByRole('alert').getByText('Le message est trop long (10 000 caractères au plus).'));
    await shot(claire, '10-too-long');
    expect(await bubbles(claire).count()).toBe(2);
    expect(await claire.getByLabel('Votre message').inputValue()).toBe(long);
    await claire.getByLabel('Votre message').fill('');
  });

  it('D19: older messages load as Claire scrolls up, and what she was reading stays in place', async () => {
    const threadId = threadUrl.split('/').pop() ?? '';
    for (let i = 1; i <= 70; i++) {
      const res = await helene.request.post(`${server.url}/api/threads/${threadId}/messages`, {
        data: { body: `Historique n° ${i}` },
        headers: { Origin: server.url },
      });
      expect(res.status()).toBe(201);
    }
    await claire.goto(threadUrl);
    await see(bubbles(claire).filter({ hasText: 'Historique n° 70' }));
    expect(await bubbles(claire).count()).toBe(50);
    // Where message n° 21 (the oldest shown) sits on screen, read in the same task as the scroll to the top,
    // before the older page can arrive; it must be there still once that page has come in above it.
    const scroller = claire.getByTestId('message-scroller');
    const anchorTop = (scrollToTop: boolean) =>
      scroller.evaluate((el, top) => {
        if (top) el.scrollTop = 0;
        const anchor = [...el.querySelectorAll('[data-testid="message-body"]')].find((n) =>
          n.textContent.endsWith('Historique n° 21'),
        );
        return anchor ? anchor.getBoundingClientRect().top : null;
      }, scrollToTop);
    const before = await anchorTop(true);
    expect(before).not.toBeNull();
    await see(bubbles(claire).filter({ hasText: FIRST }));
    await expect.poll(() => bubbles(claire).count()).toBe(72);
    const after = await anchorTop(false);
    expect(Math.abs((after ?? 0) - (before ?? 0))).toBeLessThan(4);
    await see(claire.getByText('Début de la conversation'));
    await scroller.evaluate((el) => {
      el.scrollTop = 0;
    });
    await shot(claire, '11-older-loaded');
  });

  it('D19: the answers to a send get lost; its repeats and "Réessayer" do not post the message twice', async () => {
    const text = 'Je repasse ce soir vers 19 h pour refaire le pansement.';
    const pattern = '**/api/threads/*/messages';
    let lost = 0;
    // The first try and the app's two repeats reach the server, but none of their answers comes back.
    await claire.route(pattern, async (route) => {
      if (route.request().method() === 'POST' && lost < 3) {
        lost++;
        await route.fetch(); // the server stores the message…
        await route.abort('connectionreset'); // …and its answer never reaches the phone
        return;
      }
      await route.fallback();
    });
    await send(claire, text);
    const retry = claire.getByRole('alert').getByRole('button', { name: 'Réessayer' });
    await see(retry);
    await shot(claire, '11b-send-answer-lost');
    await retry.click();
    await see(bubbles(claire).filter({ hasText: text }));
    await claire.unroute(pattern);
    expect(lost).toBe(3);
    await expect.poll(() => claire.getByLabel('Votre message').inputValue()).toBe('');
    const threadId = threadUrl.split('/').pop() ?? '';
    const stored = await helene.request.get(`${server.url}/api/threads/${threadId}/messages`);
    const bodies = ((await stored.json()) as { body: string }[]).map((m) => m.body);
    expect(bodies.filter((b) => b === text)).toHaveLength(1);
    await claire.reload();
    await see(bubbles(claire).filter({ hasText: text }));
    expect(await bubbles(claire).filter({ hasText: text }).count()).toBe(1);
  });

  it('D19: a group thread; Claire leaves it after confirming, and it leaves her list', async () => {
    await claire.goto(`${server.url}/messagerie/nouveau`);
    await claire.getByLabel('Destinataires').fill(KARIM.firstName.toLowerCase());
    await claire.getByRole('checkbox', { name: `Choisir ${KARIM.firstName} ${KARIM.lastName}` }).check();
    await claire.getByLabel('Destinataires').fill('Dupont');
    await claire.getByRole('checkbox', { name: 'Choisir Hélène Dupont' }).check();
    await see(claire.getByRole('list', { name: '2 destinataires choisis' }));
    await shot(claire, '12-new-group');
    await claire.getByRole('button', { name: 'Rédiger' }).click();
    await claire.waitForURL(/\/messagerie\/[0-9a-f-]{36}$/);
    await see(claire.getByText('3 participants'));
    await send(claire, 'Réunion de coordination jeudi 14 h ?');

    // Hélène is on the first thread: the group message reaches her as a notice, and the list counts it.
    await see(helene.getByText('Nouveau message de Claire Martin'));
    await helene.getByRole('link', { name: '← Messagerie' }).click();
    const group = helene.getByRole('link', {
      name: /^(Karim Benali et Claire Martin|Claire Martin et Karim Benali), 1 message non lu$/,
    });
    await see(group);
    await group.click();
    await see(helene.getByText('Claire Martin', { exact: true }));
    await shot(helene, '13-group-thread');

    await claire.getByRole('button', { name: 'Options de la conversation' }).click();
    await claire.getByRole('menuitem', { name: 'Quitter la conversation' }).click();
    const dialog = claire.getByRole('dialog', { name: 'Quitter la conversation ?' });
    await see(dialog);
    await shot(claire, '14-leave-confirm');
    await dialog.getByRole('button', { name: 'Quitter la conversation' }).click();
    await claire.waitForURL(/\/messagerie$/);
    await see(claire.getByText('Vous avez quitté la conversation.'));
    await see(claire.getByRole('link', { name: 'Mme V. — pansement', exact: true }));
    expect(await claire.getByRole('link', { name: /Karim Benali/ }).count()).toBe(0);
    await shot(claire, '15-list-after-leave');

    // The others go on without her: Hélène's thread says she left.
    await helene.reload();
    await see(helene.getByText('Claire Martin a quitté la conversation'));
  });
});
