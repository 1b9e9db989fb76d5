/**
 * Notifications in a real browser, on a phone (issue 8, D6/D14 delivery part).
 *
 * - The service worker: a push is delivered through the DevTools command `ServiceWorker.deliverPushMessage`;
 *   the notification it shows is read back with `registration.getNotifications()` (title, body, tag, url, icon,
 *   badge, renotify for a grouped one). The tap: DevTools cannot click a notification, so the test dispatches a
 *   `notificationclick` NotificationEvent, carrying the notification the worker showed, to the worker's own
 *   listener (the same code a real tap runs; no test hook in the app) and checks that the open window went to
 *   the notification's screen.
 * - "Activer les notifications sur cet appareil" with Chromium's own push service: this headless Chromium, in a
 *   closed network, has none (no GCM), so the subscription fails; the test checks the permission handling, that
 *   nothing reaches the server, and the message. A permission blocked in the browser shows how to allow it.
 * - The rest of the flow with a stand-in for the browser's push service (`PushManager.subscribe` returns a
 *   subscription with real P-256 keys and an HTTPS endpoint on a closed local port): the page registers it with
 *   the server (201), shows it on, and "Désactiver" deletes it (204, then 404 on the server).
 * - Channels per kind: a switch is saved at once and read back from the server.
 * - Support: the push to that closed port fails until it is dead; "Envois en échec" lists it, the channel filter
 *   hides it, "Réessayer" puts it back in the queue.
 * Screenshots (phone size) go to /tmp/relais-shots-notifications/.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page, Response, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROFESSIONALS } from '../../server/src/db/demo-seed.ts';
import {
  DEMO_PASSWORD,
  firstLogin,
  launchBrowser,
  phone,
  startServer,
  type RelaisServer,
} from './harness.ts';

const SHOTS = process.env.RELAIS_SHOTS_DIR ?? '/tmp/relais-shots-notifications';
const nurses = DEMO_PROFESSIONALS.filter((p) => p.profession === '60');
const [CLAIRE, KARIM, SOPHIE] = nurses;
if (!CLAIRE || !KARIM || !SOPHIE) throw new Error('the demo seed lacks nurses');
const login = (p: { email: string; phone: string }) => ({
  login: p.email,
  password: DEMO_PASSWORD,
  phone: p.phone,
});
const SUPPORT = { login: 'support@demo.relais.test', password: DEMO_PASSWORD, phone: '+33600000001' };

const PUSH = {
  title: 'Nouvelle demande de prise en charge',
  body: 'Une demande de soins infirmiers à Évry-Courcouronnes attend une réponse.',
  url: '/demandes',
  tag: 'care_requests',
  kind: 'care_request.new',
};

async function see(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 20_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Clicks and returns the answer of the API call it causes. */
async function clickFor(page: Page, button: Locator, path: string, method: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => new URL(r.url()).pathname.startsWith(path) && r.request().method() === method,
    ),
    button.click(),
  ]);
  return response;
}

/** A Mantine switch's input is visually hidden: a finger taps its label (the track and the words). */
function tap(toggle: Locator): Locator {
  return toggle.locator('xpath=ancestor::label[1]');
}

/** A request with the page's own session (cookies, Origin). */
async function api(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const response = await fetch(p, {
        method: m,
        headers: {
          Accept: 'application/json',
          ...(b === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await response.text();
      return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
    },
    [method, path, body] as const,
  );
}

/** The page is controlled by the service worker (it claims its clients when it activates). */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 30_000,
  });
}

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  data: unknown;
  icon: string;
  badge: string;
  renotify: boolean;
}

async function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      data: n.data as unknown,
      icon: n.icon,
      badge: n.badge,
      renotify: (n as Notification & { renotify?: boolean }).renotify === true,
    }));
  });
}

/** The service worker's registration id, as DevTools names it (for `deliverPushMessage`). */
async function registrationId(context: BrowserContext, page: Page, origin: string) {
  const cdp = await context.newCDPSession(page);
  const found = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, id: await found };
}

/** Replaces the browser's push service (none in this closed network) by a fixed subscription with real keys. */
function pushServiceStandIn() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const keys = {
    p256dh: ecdh.getPublicKey().toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  };
  return {
    keys,
    script: ([url, k]: [string, { p256dh: string; auth: string }]) => {
      const STORE = 'test.push-stand-in';
      const make = (key: ArrayBuffer | null) => ({
        endpoint: url,
        expirationTime: null,
        options: { applicationServerKey: key, userVisibleOnly: true },
        toJSON: () => ({ endpoint: url, expirationTime: null, keys: k }),
        getKey: () => null,
        unsubscribe: () => {
          localStorage.removeItem(STORE);
          return Promise.resolve(true);
        },
      });
      const toBuffer = (key: BufferSource | string | null | undefined): ArrayBuffer | null => {
        if (!key || typeof key === 'string') return null;
        const view =
          key instanceof ArrayBuffer
            ? new Uint8Array(key)
            : new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
        return view.slice().buffer;
      };
      PushManager.prototype.subscribe = function (options?: PushSubscriptionOptionsInit) {
        const key = toBuffer(options?.applicationServerKey);
        localStorage.setItem(STORE, JSON.stringify(key ? [...new Uint8Array(key)] : []));
        return Promise.resolve(make(key) as unknown as PushSubscription);
      };
      PushManager.prototype.getSubscription = function () {
        const stored = localStorage.getItem(STORE);
        if (!stored) return Promise.resolve(null);
        const bytes = JSON.parse(stored) as number[];
        return Promise.resolve(make(new Uint8Array(bytes).buffer) as unknown as PushSubscription);
      };
    },
  };
}

const device = (page: Page) => page.getByRole('region', { name: 'Notifications sur cet appareil' });
const channels = (page: Page) => page.getByRole('region', { name: 'Par quel moyen être prévenu' });

describe('notifications: the service worker, this device’s subscription, channels and failed deliveries', () => {
  let server: RelaisServer;
  let browser: Browser;
  let karim: { context: BrowserContext; page: Page };

  // A loaded machine may take minutes to start the server (see RELAIS_E2E_START_MS).
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 300_000);

  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('D14 — a push delivered to the service worker (DevTools) shows its notification; its tap opens /demandes', async () => {
    karim = await phone(browser);
    const { context, page } = karim;
    await context.grantPermissions(['notifications'], { origin: server.url });
    await firstLogin(server, page, login(KARIM));
    await see(page.getByRole('heading', { name: `Bonjour ${KARIM.firstName}` }));
    await controlled(page);
    const { cdp, id } = await registrationId(context, page, server.url);

    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId: id,
      data: JSON.stringify(PUSH),
    });
    await expect.poll(async () => (await shownNotifications(page)).length, { timeout: 10_000 }).toBe(1);
    const [shown] = await shownNotifications(page);
    expect(shown).toEqual({
      title: PUSH.title,
      body: PUSH.body,
      tag: 'care_requests',
      data: { url: '/demandes' },
      icon: `${server.url}/icons/icon-192.png`,
      badge: `${server.url}/icons/badge-96.png`,
      renotify: false,
    });

    // The grouped notification of the start of the hours (D6) replaces it (same tag) and rings again.
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId: id,
      data: JSON.stringify({ ...PUSH, title: '3 nouvelles demandes de prise en charge', count: 3 }),
    });
    await expect
      .poll(async () => (await shownNotifications(page)).map((n) => [n.title, n.renotify]), {
        timeout: 10_000,
      })
      .toEqual([['3 nouvelles demandes de prise en charge', true]]);

    // An unreadable payload still shows something neutral (never a silent push), and a foreign URL is refused.
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId: id,
      data: 'pas du JSON',
    });
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId: id,
      data: JSON.stringify({ ...PUSH, tag: 'messages', title: 'Nouveau message', url: '//evil.example/x' }),
    });
    await expect.poll(async () => (await shownNotifications(page)).length, { timeout: 10_000 }).toBe(3);
    const byTag = Object.fromEntries((await shownNotifications(page)).map((n) => [n.tag, n]));
    expect(byTag.relais).toMatchObject({
      title: 'Relais',
      body: 'Vous avez du nouveau sur Relais.',
      data: { url: '/' },
    });
    expect(byTag.messages).toMatchObject({ title: 'Nouveau message', data: { url: '/' } });

    // The tap: the worker's own `notificationclick` listener, with the notification it showed.
    expect(new URL(page.url()).pathname).toBe('/');
    const [worker] = context.serviceWorkers();
    if (!worker) throw new Error('no service worker in this context');
    await tapNotification(worker, 'care_requests');
    await page.waitForURL(`${server.url}/demandes`, { timeout: 15_000 });
    // The tapped notification is closed; the others stay.
    await expect
      .poll(async () => (await shownNotifications(page)).map((n) => n.tag).sort(), { timeout: 10_000 })
      .toEqual(['messages', 'relais']);
    await cdp.detach();
  });

  it('Activer… with this Chromium’s own push service (none in a closed network): permission asked, nothing sent, a clear message', async () => {
    const { page } = karim;
    await page.goto(`${server.url}/preferences/notifications`);
    await see(device(page).getByText('Non activées sur cet appareil.'));
    await shot(page, '01-notifs-appareil-non-active');
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/me/push-subscriptions'))
        posts.push(request.url());
    });
    const key = await clickFor(
      page,
      device(page).getByRole('button', { name: 'Activer les notifications sur cet appareil' }),
      '/api/push/public-key',
      'GET',
    );
    expect(key.status()).toBe(200);
    const { publicKey } = (await key.json()) as { publicKey: string };
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    await see(
      device(page).getByText(/^Le navigateur n’a pas pu s’abonner au service de notification \(.+\)\./),
    );
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');
    expect(posts).toEqual([]);
    await shot(page, '02-notifs-service-push-absent');
  });

  it('notifications blocked in the browser: "Refusées par le navigateur" and how to allow them', async () => {
    const { context, page } = await phone(browser);
    await firstLogin(server, page, login(SOPHIE));
    await see(page.getByRole('heading', { name: `Bonjour ${SOPHIE.firstName}` }));
    // The setting of this context (Playwright's contexts are DevTools browser contexts).
    const pageCdp = await context.newCDPSession(page);
    const { targetInfo } = await pageCdp.send('Target.getTargetInfo');
    await pageCdp.detach();
    const browserContextId = targetInfo.browserContextId;
    const cdp = await context.browser()?.newBrowserCDPSession();
    if (!cdp) throw new Error('no browser CDP session');
    await cdp.send('Browser.setPermission', {
      permission: { name: 'notifications' },
      setting: 'denied',
      origin: server.url,
      browserContextId,
    });
    await page.goto(`${server.url}/preferences/notifications`);
    await see(device(page).getByText('Refusées par le navigateur.'));
    await see(device(page).getByText(/autorisez Relais, puis revenez sur cette page/));
    expect(
      await device(page).getByRole('button', { name: 'Activer les notifications sur cet appareil' }).count(),
    ).toBe(0);
    await shot(page, '03-notifs-refusees');
    // Allowed again in the browser's settings: one tap on "J’ai modifié le réglage" and the button is back.
    await cdp.send('Browser.setPermission', {
      permission: { name: 'notifications' },
      setting: 'granted',
      origin: server.url,
      browserContextId,
    });
    await device(page).getByRole('button', { name: 'J’ai modifié le réglage' }).click();
    await see(device(page).getByRole('button', { name: 'Activer les notifications sur cet appareil' }));
    await cdp.detach();
    await context.close();
  });

  it('with a stand-in for the push service: the subscription reaches the server, survives a reload, and Désactiver deletes it', async () => {
    const { context, page } = karim;
    const standIn = pushServiceStandIn();
    await context.addInitScript(standIn.script, ['https://127.0.0.1:9/push/karim-phone', standIn.keys] as [
      string,
      { p256dh: string; auth: string },
    ]);
    await page.goto(`${server.url}/preferences/notifications`);
    await see(device(page).getByText('Non activées sur cet appareil.'));

    // Enable, disable, enable again: the last subscription stays for the delivery test below.
    for (const round of [1, 2]) {
      const created = await clickFor(
        page,
        device(page).getByRole('button', { name: 'Activer les notifications sur cet appareil' }),
        '/api/me/push-subscriptions',
        'POST',
      );
      expect(created.status()).toBe(201);
      expect(created.request().postDataJSON()).toEqual({
        endpoint: 'https://127.0.0.1:9/push/karim-phone',
        expirationTime: null,
        keys: standIn.keys,
      });
      const { id } = (await created.json()) as { id: string };
      await see(device(page).getByText('Activées sur cet appareil.'));
      if (round === 1) {
        await shot(page, '04-notifs-activees');
        await page.reload();
        await see(device(page).getByText('Activées sur cet appareil.'));
        const deleted = await clickFor(
          page,
          device(page).getByRole('button', { name: 'Désactiver les notifications sur cet appareil' }),
          `/api/me/push-subscriptions/${id}`,
          'DELETE',
        );
        expect(deleted.status()).toBe(204);
        await see(device(page).getByText('Non activées sur cet appareil.'));
        // Gone on the server: deleting it again is a 404.
        expect((await api(page, 'DELETE', `/api/me/push-subscriptions/${id}`)).status).toBe(404);
      }
    }
  });

  it('channels per kind: SMS for care requests is saved at once and read back; the notes say what SMS and e-mail carry', async () => {
    const { page } = karim;
    await page.goto(`${server.url}/preferences/notifications`);
    const section = channels(page);
    const sms = section.getByRole('switch', { name: 'SMS : Demandes de prise en charge' });
    await see(sms);
    expect(await sms.isChecked()).toBe(false);
    expect(
      await section.getByRole('switch', { name: 'Notification : Demandes de prise en charge' }).isChecked(),
    ).toBe(true);
    await see(section.getByText(/Un SMS ne contient jamais de donnée patient/));
    await see(section.getByText(/Les questions de compte .* par e-mail/));
    const saved = await clickFor(page, tap(sms), '/api/me/notification-channels', 'PUT');
    expect(saved.status()).toBe(200);
    await see(page.getByText('Choix enregistré.'));
    // Messages with no channel at all: the section says what that means.
    await clickFor(
      page,
      tap(section.getByRole('switch', { name: 'Notification : Messages' })),
      '/api/me/notification-channels',
      'PUT',
    );
    await see(section.getByText(/Aucun moyen choisi/));
    await shot(page, '05-notifs-canaux');
    await page.reload();
    await see(sms);
    expect(await sms.isChecked()).toBe(true);
    const stored = await api(page, 'GET', '/api/me/notification-channels');
    expect(stored.json).toEqual({
      care_requests: { push: true, sms: true },
      messages: { push: false, sms: false },
      alerts: { push: true, sms: false },
    });
    // Back to push only for care requests and messages, so that the next test's push is the only delivery.
    await clickFor(page, tap(sms), '/api/me/notification-channels', 'PUT');
    await clickFor(
      page,
      tap(section.getByRole('switch', { name: 'Notification : Messages' })),
      '/api/me/notification-channels',
      'PUT',
    );
  });

  it('support: a push that never got through is listed in "Envois en échec", filtered by channel, and retried', async () => {
    // Claire asks for a nurse in Évry: Karim is in the pool, and his only subscription points at a closed port.
    const claire = await phone(browser);
    await firstLogin(server, claire.page, login(CLAIRE));
    await see(claire.page.getByRole('heading', { name: `Bonjour ${CLAIRE.firstName}` }));
    const patient = await api(claire.page, 'POST', '/api/patients', {
      firstName: 'Odette',
      lastName: 'Marchal',
      birthDate: '1944-03-09',
      sex: 'F',
      address: { line: '2 rue de la Gare', postalCode: '91000', city: 'Évry-Courcouronnes' },
    });
    expect(patient.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const request = await api(claire.page, 'POST', '/api/care-requests', {
      patientId: (patient.json as { id: string }).id,
      profession: '60',
      careType: 'pansement',
      details: { startDate: today, frequency: '1 fois par jour', durationDays: 7 },
      description: 'Pansement simple.',
      homeVisit: true,
      responseMinutes: 24 * 60,
    });
    expect(request.status, JSON.stringify(request.json)).toBe(201);

    // Every try fails (connection refused); the clock moves past the backoff until the delivery is dead.
    const support = await phone(browser);
    await firstLogin(server, support.page, SUPPORT);
    await see(support.page.getByRole('heading', { name: 'Console support' }));
    const karimDead = async () => {
      const list = await api(support.page, 'GET', '/api/admin/outbox?state=dead&channel=push');
      return (list.json as { user: { firstName: string } | null }[]).filter(
        (d) => d.user?.firstName === KARIM.firstName,
      ).length;
    };
    for (let i = 0; i < 30 && (await karimDead()) === 0; i++) await server.moveClock(10 * 60_000);
    expect(await karimDead()).toBe(1);

    const page = support.page;
    await page.getByRole('tab', { name: 'Envois en échec' }).click();
    const row = page.getByRole('article', { name: `${KARIM.firstName} ${KARIM.lastName}, Notification` });
    await see(row);
    await see(row.getByText(/^Demande de prise en charge/));
    await see(row.getByText(/8 essais/));
    await shot(page, '06-support-envois-en-echec');
    // The SMS filter hides it; "Tous" brings it back.
    await page.getByLabel('Canal').selectOption({ label: 'SMS' });
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Canal').selectOption({ label: 'Tous' });
    await see(row);
    const retried = await clickFor(
      page,
      row.getByRole('button', {
        name: `Réessayer l’envoi Notification à ${KARIM.firstName} ${KARIM.lastName}`,
      }),
      '/api/admin/outbox/',
      'POST',
    );
    expect(retried.status()).toBe(204);
    await see(page.getByText('Envoi remis dans la file.'));
    await row.waitFor({ state: 'detached' });
    await shot(page, '07-support-apres-relance');
    const pending = await api(page, 'GET', '/api/admin/outbox?state=pending&channel=push');
    expect(
      (pending.json as { user: { firstName: string } | null }[]).some(
        (d) => d.user?.firstName === KARIM.firstName,
      ),
    ).toBe(true);
  });
});

/**
 * Dispatches `notificationclick` to the worker's listener with the notification it showed under `tag`.
 * A synthetic event cannot extend its lifetime (`waitUntil` throws on it), which the listener reaches only
 * after it has started the navigation.
 */
async function tapNotification(worker: Worker, tag: string): Promise<void> {
  await worker.evaluate(async (wanted) => {
    const scope = self as unknown as ServiceWorkerGlobalScope;
    const [notification] = await scope.registration.getNotifications({ tag: wanted });
    if (!notification) throw new Error(`no notification tagged ${wanted}`);
    try {
      scope.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
    } catch {
      // see above
    }
  }, tag);
}
