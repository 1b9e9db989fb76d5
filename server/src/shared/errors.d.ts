/** Every failure a client may see is an AppError with a stable code; the one error handler maps it to HTTP. */
export declare const ERROR_STATUS: {
    readonly validation_failed: 400;
    readonly invalid_credentials: 401;
    readonly unauthenticated: 401;
    readonly invalid_code: 401;
    readonly wrong_pattern: 401;
    readonly forbidden: 403;
    readonly account_pending: 403;
    readonly account_rejected: 403;
    readonly csrf_rejected: 403;
    readonly not_found: 404;
    readonly identifier_taken: 409;
    readonly email_taken: 409;
    readonly state_conflict: 409;
    readonly pattern_revoked: 410;
    readonly challenge_expired: 410;
    readonly file_too_large: 413;
    readonly unsupported_file_type: 415;
    readonly rule_violated: 422;
    readonly account_blocked: 423;
    readonly rate_limited: 429;
    readonly internal: 500;
};
export type ErrorCode = keyof typeof ERROR_STATUS;
export declare class AppError extends Error {
    readonly code: ErrorCode;
    readonly details?: unknown | undefined;
    readonly status: number;
    constructor(code: ErrorCode, message: string, details?: unknown | undefined);
}
export declare const notFound: (message?: string) => AppError;
/** A 400 naming the faulty fields: `details.fields[path] = message`. */
export declare const invalidFields: (fields: Record<string, string>, message?: string) => AppError;
