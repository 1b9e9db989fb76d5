/** Every failure a client may see is an AppError with a stable code; the one error handler maps it to HTTP. */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  invalid_code: 401,
  wrong_pattern: 401,
  forbidden: 403,
  account_pending: 403,
  account_rejected: 403,
  csrf_rejected: 403,
  not_found: 404,
  identifier_taken: 409,
  email_taken: 409,
  state_conflict: 409,
  pattern_revoked: 410,
  challenge_expired: 410,
  file_too_large: 413,
  unsupported_file_type: 415,
  rule_violated: 422,
  account_blocked: 423,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (message = 'Ressource introuvable.') => new AppError('not_found', message);

/** An Idempotency-Key sent again for something else than what it first created (`what`: "une autre demande"). */
export const idempotencyKeyReused = (what: string) =>
  new AppError(
    'state_conflict',
    `Cette clé d’envoi a déjà servi pour ${what} : rechargez la page et recommencez.`,
    { reason: 'idempotency_key_reused' },
  );

/** A 400 naming the faulty fields: `details.fields[path] = message`. */
export const invalidFields = (fields: Record<string, string>, message = 'Certains champs sont invalides.') =>
  new AppError('validation_failed', message, { fields });
