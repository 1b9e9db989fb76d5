/**
 * What this browser remembers about its trusted device (localStorage `relais.device`).
 * The device secret is not here: the server keeps it in an HttpOnly cookie the app never reads.
 */
export interface DeviceRecord {
  deviceId: string;
  /** First name of the person this device belongs to, for "Bonjour <prénom>". */
  firstName: string;
  /** Whether a schéma was set for this device (pattern login is then the start screen). */
  hasPattern: boolean;
}

const KEY = 'relais.device';

function isDeviceRecord(value: unknown): value is DeviceRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.deviceId === 'string' &&
    typeof record.firstName === 'string' &&
    typeof record.hasPattern === 'boolean'
  );
}

export function readDevice(): DeviceRecord | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    return isDeviceRecord(parsed) ? parsed : null;
  } catch {
    return null; // storage disabled or corrupted: behave as a new device
  }
}

export function writeDevice(record: DeviceRecord): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(record));
  } catch {
    // Private browsing may refuse storage: the app still works, with credentials every time.
  }
}

export function updateDevice(change: Partial<DeviceRecord>): void {
  const current = readDevice();
  if (current) writeDevice({ ...current, ...change });
}

/** "Schéma oublié / Autre personne", or a revoked schéma: the next login asks for credentials. */
export function forgetPattern(): void {
  updateDevice({ hasPattern: false });
}

export function hasPatternLogin(): boolean {
  return readDevice()?.hasPattern === true;
}
