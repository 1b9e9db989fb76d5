import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { zxcvbnAsync, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';
import { PASSWORD_MIN_LENGTH } from '@relais/contracts';

// OWASP's argon2id profile (19 MiB, 2 passes): memory-hard, about 30 ms here.
const ARGON = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashSecret = (secret: string) => hash(secret, ARGON);

export async function verifySecret(hashed: string, secret: string): Promise<boolean> {
  try {
    return await verify(hashed, secret);
  } catch {
    return false;
  }
}

/** Spends the time of a real verification, so that an unknown account answers as slowly as a known one. */
let decoy: Promise<string> | undefined;
export async function burnVerification(secret: string): Promise<void> {
  decoy ??= hashSecret('decoy password that matches nothing');
  await verifySecret(await decoy, secret);
}

zxcvbnOptions.setOptions({
  dictionary: { ...common.dictionary, ...fr.dictionary },
  graphs: common.adjacencyGraphs,
  translations: fr.translations,
});

export const MIN_STRENGTH_SCORE = 3;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** A French message saying why a password is too weak, or null. Personal data counts against it. */
export async function passwordProblem(password: string, personal: string[]): Promise<string | null> {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  const folded = fold(password);
  const own = personal
    .flatMap((p) => fold(p.split('@')[0] ?? '').split(/[^a-z0-9]+/))
    .filter((word) => word.length >= 4)
    .find((word) => folded.includes(word));
  if (own) return 'Le mot de passe ne doit pas contenir votre nom, votre e-mail ou votre identifiant.';
  const result = await zxcvbnAsync(password, personal.filter(Boolean));
  if (result.score >= MIN_STRENGTH_SCORE) return null;
  const hint = result.feedback.warning ?? result.feedback.suggestions[0];
  return `Mot de passe trop facile à deviner${hint ? ` : ${hint}` : '.'}`;
}

const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A temporary password (4 groups of 4, about 90 bits), sent by SMS and to be changed at next login. */
export function temporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += TEMP_ALPHABET.charAt(randomInt(TEMP_ALPHABET.length));
    groups.push(s);
  }
  return groups.join('-');
}
