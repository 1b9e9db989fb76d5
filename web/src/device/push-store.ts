/**
 * This device's Web Push subscription as the server knows it (localStorage `relais.push`): the id the server
 * gave it, to delete it on "Désactiver", and the endpoint it was given for, to tell when the browser replaced it.
 */
export interface PushRecord {
  subscriptionId: string;
  endpoint: string;
}

const KEY = 'relais.push';

export function readPushRecord(): PushRecord | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<PushRecord> | null;
    return typeof parsed?.subscriptionId === 'string' && typeof parsed.endpoint === 'string'
      ? { subscriptionId: parsed.subscriptionId, endpoint: parsed.endpoint }
      : null;
  } catch {
    return null;
  }
}

export function writePushRecord(record: PushRecord): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(record));
  } catch {
    // Storage refused (private browsing): "Désactiver" then only unsubscribes the browser, and the server
    // drops the subscription the first time the push service answers 410 for it.
  }
}

export function clearPushRecord(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
