/** The digit that, appended to `body`, makes it pass the Luhn check. */
export function luhnKey(body: string): string {
  for (let k = 0; k <= 9; k++) if (luhnValid(body + String(k))) return String(k);
  throw new Error('not a string of digits');
}

/** Luhn check over a string of digits (RPPS: 11 digits, ADELI: 9 digits). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type IdentifierKind = 'rpps' | 'adeli';

export const IDENTIFIER_LENGTH: Record<IdentifierKind, number> = { rpps: 11, adeli: 9 };

/** A French message saying what is wrong with an identifier, or null when it is valid. */
export function identifierProblem(type: IdentifierKind, value: string): string | null {
  const length = IDENTIFIER_LENGTH[type];
  const label = type === 'rpps' ? 'Le numéro RPPS' : 'Le numéro ADELI';
  if (!/^\d+$/.test(value)) return `${label} ne doit contenir que des chiffres.`;
  if (value.length !== length) return `${label} doit comporter ${length} chiffres.`;
  if (!luhnValid(value)) return `${label} est invalide : la clé de contrôle ne correspond pas.`;
  return null;
}
