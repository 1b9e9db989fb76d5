/**
 * Web Push on this device, as the page sees it: can the browser do it, did the professional allow it, is this
 * device subscribed (and known to the server). The subscription itself lives in the browser's push service;
 * the server gets `PushSubscription.toJSON()` and answers with the id kept in `relais.push`.
 */
import { CreatePushSubscription } from '@relais/contracts';
import { clearPushRecord, readPushRecord, writePushRecord } from '../device/push-store.ts';
import { createPushSubscription, deletePushSubscription, fetchPushPublicKey } from './notifications-api.ts';
import { isApiError } from '../api/client.ts';

export type PushState =
  /** No Web Push in this browser at all. */
  | { kind: 'unsupported' }
  /** iPhone/iPad: Web Push only in the app added to the home screen (iOS 16.4+). */
  | { kind: 'needs-install' }
  /** The browser (or the professional, in its settings) blocks notifications for Relais. */
  | { kind: 'denied' }
  /** Possible, not done on this device. */
  | { kind: 'off' }
  | { kind: 'on'; subscriptionId: string };

/** How long the page waits for the service worker (registered at load, in production builds). */
const WORKER_WAIT_MS = 10_000;

export function isAppleMobile(nav: Pick<Navigator, 'userAgent' | 'maxTouchPoints'> = navigator): boolean {
  // iPadOS announces itself as a Mac; a Mac with a touch screen is an iPad.
  return (
    /iPhone|iPad|iPod/.test(nav.userAgent) || (/Macintosh/.test(nav.userAgent) && nav.maxTouchPoints > 1)
  );
}

function isStandalone(): boolean {
  return (
    window.matchMedia('(display-mode: standalone)').matches ||
    (navigator as Navigator & { standalone?: boolean }).standalone === true
  );
}

function pushAvailable(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** What the browser allows, before asking the server anything. */
export function browserPushSupport(): 'unsupported' | 'needs-install' | 'denied' | 'ok' {
  if (!pushAvailable()) return isAppleMobile() && !isStandalone() ? 'needs-install' : 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return 'ok';
}

async function workerRegistration(): Promise<ServiceWorkerRegistration | null> {
  const existing = await navigator.serviceWorker.getRegistration('/');
  if (existing) return existing;
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<null>((resolve) => {
      setTimeout(() => {
        resolve(null);
      }, WORKER_WAIT_MS);
    }),
  ]);
}

/** The state of this device now; a subscription the server never confirmed counts as off. */
export async function readPushState(): Promise<PushState> {
  const support = browserPushSupport();
  if (support !== 'ok') return { kind: support };
  const registration = await workerRegistration();
  if (!registration) return { kind: 'unsupported' };
  const subscription = await registration.pushManager.getSubscription();
  const record = readPushRecord();
  if (Notification.permission === 'granted' && subscription && record?.endpoint === subscription.endpoint)
    return { kind: 'on', subscriptionId: record.subscriptionId };
  return { kind: 'off' };
}

/** The VAPID public key (base64url) as the bytes `applicationServerKey` takes. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const left = new Uint8Array(a);
  return left.every((byte, i) => byte === b[i]);
}

/** Why enabling stopped, in words the screen shows (see fr-notifications). */
export class PushSetupError extends Error {
  override readonly name = 'PushSetupError';
  constructor(
    readonly reason: 'denied' | 'dismissed' | 'unsupported' | 'push-service',
    readonly detail?: string,
  ) {
    super(reason);
  }
}

/**
 * "Activer les notifications sur cet appareil": asks the permission (this must run from the tap), subscribes
 * with the server's VAPID key and registers the subscription with the server.
 */
export async function enablePush(): Promise<PushState> {
  const support = browserPushSupport();
  if (support === 'denied') throw new PushSetupError('denied');
  if (support !== 'ok') throw new PushSetupError('unsupported');
  const permission = await Notification.requestPermission();
  if (permission === 'denied') throw new PushSetupError('denied');
  if (permission !== 'granted') throw new PushSetupError('dismissed');
  const registration = await workerRegistration();
  if (!registration) throw new PushSetupError('unsupported');

  const key = base64UrlToBytes(await fetchPushPublicKey());
  let subscription = await registration.pushManager.getSubscription();
  // A subscription made with another server key (keys renewed) cannot be reused: the push service refuses it.
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  if (!subscription) {
    try {
      subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: key,
      });
    } catch (error) {
      throw new PushSetupError('push-service', error instanceof Error ? error.message : String(error));
    }
  }
  const body = CreatePushSubscription.safeParse(subscription.toJSON());
  if (!body.success) {
    throw new PushSetupError('push-service', body.error.issues[0]?.message ?? 'abonnement illisible');
  }
  const subscriptionId = await createPushSubscription(body.data);
  writePushRecord({ subscriptionId, endpoint: subscription.endpoint });
  return { kind: 'on', subscriptionId };
}

/** "Désactiver": the server forgets the subscription, then the browser drops it. */
export async function disablePush(subscriptionId: string): Promise<PushState> {
  try {
    await deletePushSubscription(subscriptionId);
  } catch (error) {
    // Already gone on the server (removed after a 410, or by another session): nothing left to delete there.
    if (!isApiError(error, 404)) throw error;
  }
  clearPushRecord();
  const registration = await workerRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  await subscription?.unsubscribe();
  return readPushState();
}
