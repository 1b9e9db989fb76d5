/** AES-256-GCM for data at rest: version byte ‖ IV ‖ tag ‖ ciphertext. The key never touches the database. */
export declare class DataCipher {
    private readonly key;
    constructor(key: Buffer);
    encrypt(plain: Buffer | string, associatedData?: string): Buffer;
    decrypt(sealed: Buffer, associatedData?: string): Buffer;
    decryptText(sealed: Buffer, associatedData?: string): string;
    sealJson(value: unknown, associatedData: string): Buffer;
    openJson<T>(sealed: Buffer, associatedData: string): T;
    /** A keyed hash for blind indexes: equal inputs meet, and without the key the index reveals nothing. */
    blindIndex(purpose: string, value: string): Buffer;
    private readonly derived;
}
export interface KeyResolution {
    key: Buffer;
    /** Set when the key was generated into the data folder rather than given by RELAIS_DATA_KEY. */
    generatedAt?: string;
}
/** RELAIS_DATA_KEY when set; otherwise a key generated once into the data folder (embedded default). */
export declare function resolveDataKey(keyHex: string | undefined, dataDir: string): KeyResolution;
export declare const sha256Hex: (value: string | Buffer) => string;
/** A random token in base64url (256 bits by default). */
export declare const randomToken: (bytes?: number) => string;
export declare function safeEqualHex(a: string, b: string): boolean;
