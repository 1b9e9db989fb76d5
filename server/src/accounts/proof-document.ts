import { AppError } from '../shared/errors.ts';

export type ProofMimeType = 'image/jpeg' | 'image/png' | 'application/pdf';

/** Recognises a proof document by its content (magic bytes and structure), never by name or declared type. */
export function sniffProof(bytes: Buffer): ProofMimeType | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    // A JPEG ends with EOI (FF D9), possibly followed by padding.
    const tail = bytes.subarray(Math.max(0, bytes.length - 64));
    for (let i = tail.length - 2; i >= 0; i--)
      if (tail[i] === 0xff && tail[i + 1] === 0xd9) return 'image/jpeg';
    return null;
  }
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (
    bytes.length >= 33 &&
    png.every((b, i) => bytes[i] === b) &&
    bytes.subarray(12, 16).toString() === 'IHDR'
  )
    return 'image/png';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
    if (tail.includes('%%EOF')) return 'application/pdf';
  }
  return null;
}

export function requireProof(bytes: Buffer | undefined): { bytes: Buffer; mimeType: ProofMimeType } {
  if (!bytes || bytes.length === 0)
    throw new AppError('validation_failed', 'Le justificatif est obligatoire.', {
      fields: { proof: 'Joignez une photo ou un scan de votre carte CPS ou de votre attestation ADELI.' },
    });
  const mimeType = sniffProof(bytes);
  if (!mimeType)
    throw new AppError(
      'unsupported_file_type',
      'Le justificatif doit être une image JPEG ou PNG, ou un document PDF.',
      { fields: { proof: 'Format non reconnu : JPEG, PNG ou PDF attendu.' } },
    );
  return { bytes, mimeType };
}
