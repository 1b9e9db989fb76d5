import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM for data at rest: version byte ‖ IV ‖ tag ‖ ciphertext. The key never touches the database. */
export class DataCipher {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The data key must be 32 bytes');
    this.key = key;
  }

  encrypt(plain: Buffer | string, associatedData?: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    if (associatedData) cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer, associatedData?: string): Buffer {
    if (sealed[0] !== VERSION) throw new Error('Unknown ciphertext version');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    if (associatedData) decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  decryptText(sealed: Buffer, associatedData?: string): string {
    return this.decrypt(sealed, associatedData).toString('utf8');
  }

  sealJson(value: unknown, associatedData: string): Buffer {
    return this.encrypt(JSON.stringify(value), associatedData);
  }

  /** The caller names the type it sealed; the authenticated encryption vouches for the content. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  openJson<T>(sealed: Buffer, associatedData: string): T {
    return JSON.parse(this.decryptText(sealed, associatedData)) as T;
  }

  /** A keyed hash for blind indexes: equal inputs meet, and without the key the index reveals nothing. */
  blindIndex(purpose: string, value: string): Buffer {
    let key = this.derived.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `relais/${purpose}`, 32));
      this.derived.set(purpose, key);
    }
    return createHmac('sha256', key).update(value).digest().subarray(0, 16);
  }

  private readonly derived = new Map<string, Buffer>();
}

export interface KeyResolution {
  key: Buffer;
  /** Set when the key was generated into the data folder rather than given by RELAIS_DATA_KEY. */
  generatedAt?: string;
}

/** RELAIS_DATA_KEY when set; otherwise a key generated once into the data folder (embedded default). */
export function resolveDataKey(keyHex: string | undefined, dataDir: string): KeyResolution {
  if (keyHex) return { key: Buffer.from(keyHex, 'hex') };
  const path = join(dataDir, 'data.key');
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  return { key: Buffer.from(readFileSync(path, 'utf8').trim(), 'hex'), generatedAt: path };
}

export const sha256Hex = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

/** A random token in base64url (256 bits by default). */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
