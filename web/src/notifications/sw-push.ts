/**
 * The service worker's half of Web Push (bundled into `/sw-push.js`, which `/sw.js` imports): shows what the
 * server pushes and opens the right screen when the notification is tapped.
 *
 * Payloads carry no patient data (the server never sends any); this code only ever shows `title` and `body`.
 * No zod here: the worker stays small, and a payload it cannot read still rings, with a neutral text.
 */

/** The contract's `PushPayload`, as the worker reads it. */
export interface ShownPush {
  title: string;
  body: string;
  url: string;
  tag: string;
  kind: string;
  count?: number;
}

/** Neutral words for a push whose payload cannot be read (a push must always show something, or Chrome does). */
export const FALLBACK_PUSH: ShownPush = {
  title: 'Relais',
  body: 'Vous avez du nouveau sur Relais.',
  url: '/',
  tag: 'relais',
  kind: 'unknown',
};

export const NOTIFICATION_ICON = '/icons/icon-192.png';
export const NOTIFICATION_BADGE = '/icons/badge-96.png';

/** An app path (`/demandes`, `/messagerie/…`), never another site: `//evil.example` and `/\evil` are refused. */
export function safeAppPath(url: unknown): string {
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\'))
    return '/';
  return url;
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.slice(0, max) : null;
}

/** Reads the push data (JSON `PushPayload`); anything unreadable becomes the neutral notification. */
export function readPushPayload(raw: string | null | undefined): ShownPush {
  if (!raw) return FALLBACK_PUSH;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return FALLBACK_PUSH;
  }
  if (typeof data !== 'object' || data === null) return FALLBACK_PUSH;
  const payload = data as Record<string, unknown>;
  const title = text(payload.title, 120);
  if (!title) return FALLBACK_PUSH;
  const count = payload.count;
  return {
    title,
    body: text(payload.body, 400) ?? '',
    url: safeAppPath(payload.url),
    tag: text(payload.tag, 120) ?? FALLBACK_PUSH.tag,
    kind: text(payload.kind, 60) ?? FALLBACK_PUSH.kind,
    ...(typeof count === 'number' && Number.isInteger(count) && count >= 1 ? { count } : {}),
  };
}

/** `renotify` is in the Notifications standard but not in TypeScript's DOM types. */
export type RelaisNotificationOptions = NotificationOptions & { renotify?: boolean; data: { url: string } };

/**
 * Same tag, same notification: a newer one replaces the older. A grouped notification (`count`, sent when the
 * professional's hours start) rings again even though it replaces one already shown.
 */
export function notificationOptions(push: ShownPush): RelaisNotificationOptions {
  return {
    body: push.body,
    tag: push.tag,
    data: { url: push.url },
    icon: NOTIFICATION_ICON,
    badge: NOTIFICATION_BADGE,
    lang: 'fr',
    renotify: push.count !== undefined,
  };
}

/** The minimum of `Clients` the click needs (the tests hand in the worker's own). */
export interface WindowOpener {
  matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowClient[]>;
  openWindow(url: string): Promise<WindowClient | null>;
}

/**
 * Tapping a notification: an open Relais window is brought forward and sent to the notification's screen;
 * without one, a new window opens there. Returns the window that shows it (null if the browser refused).
 */
export async function openNotificationTarget(
  clients: WindowOpener,
  origin: string,
  data: unknown,
): Promise<WindowClient | null> {
  const path = safeAppPath((data as { url?: unknown } | null)?.url);
  const target = new URL(path, origin).href;
  const windows = (await clients.matchAll({ type: 'window', includeUncontrolled: true })).filter(
    (client) => new URL(client.url).origin === origin,
  );
  // The window the professional looked at last first (Chrome lists them by last focus).
  const open = windows.find((client) => client.focused) ?? windows[0];
  if (!open) return clients.openWindow(target);
  let client: WindowClient = open;
  try {
    client = await open.focus();
  } catch {
    // Focusing needs the tap's permission, which a browser may deny: the window still goes to the screen.
  }
  if (client.url === target) return client;
  try {
    return (await client.navigate(target)) ?? client;
  } catch {
    // A window this worker does not control cannot be navigated: open the screen in a new one.
    return clients.openWindow(target);
  }
}

/** Wires `push` and `notificationclick` on the service worker. */
export function installPushHandlers(scope: ServiceWorkerGlobalScope): void {
  scope.addEventListener('push', (event) => {
    let raw: string | null = null;
    try {
      raw = event.data?.text() ?? null;
    } catch {
      raw = null;
    }
    const push = readPushPayload(raw);
    event.waitUntil(scope.registration.showNotification(push.title, notificationOptions(push)));
  });

  scope.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const opened = openNotificationTarget(scope.clients, scope.location.origin, event.notification.data);
    event.waitUntil(opened);
  });
}
