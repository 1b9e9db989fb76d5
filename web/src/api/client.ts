import { ErrorBody, FieldErrors } from '@relais/contracts';
import { fr } from '../i18n/fr.ts';

export const REQUEST_TIMEOUT_MS = 15_000;

/** Anything that can vouch for a response body: the contracts' zod schemas fit. */
export interface Schema<T> {
  parse(data: unknown): T;
}

/** A failed request, as the UI shows it: a French message, and per-field messages for 400s. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when no answer came back (timeout, network). */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** `details.fields`: field path (`officeAddress.postalCode`) → French message. */
  get fields(): Record<string, string> {
    if (typeof this.details !== 'object' || this.details === null || !('fields' in this.details)) return {};
    const parsed = FieldErrors.safeParse(this.details.fields);
    return parsed.success ? parsed.data : {};
  }

  /** `details.remaining` (tries left), when the server sends it. */
  get remaining(): number | null {
    if (typeof this.details !== 'object' || this.details === null || !('remaining' in this.details))
      return null;
    return typeof this.details.remaining === 'number' ? this.details.remaining : null;
  }
}

export function isApiError(error: unknown, status?: number, code?: string): error is ApiError {
  return (
    error instanceof ApiError &&
    (status === undefined || error.status === status) &&
    (code === undefined || error.code === code)
  );
}

/** Our own words win over the server's for these codes (the wording the support team refers to). */
const MESSAGE_OVERRIDES: Record<string, string> = {
  account_blocked: fr.errors.accountBlocked,
};

function fallbackMessage(status: number): string {
  if (status === 401) return fr.errors.unauthorized;
  if (status === 403) return fr.errors.forbidden;
  if (status === 404) return fr.errors.notFound;
  if (status === 429) return fr.errors.tooMany;
  if (status >= 500) return fr.errors.server;
  return fr.errors.unexpected;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status alone speaks.
  }
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) {
    return new ApiError(response.status, `http_${response.status}`, fallbackMessage(response.status));
  }
  const { code, message, details } = parsed.data.error;
  const text = MESSAGE_OVERRIDES[code] ?? (message.trim() || fallbackMessage(response.status));
  return new ApiError(response.status, code, text, details);
}

let onUnauthorized: (() => void) | null = null;

/** Called when an authenticated request answers 401: the session is gone. */
/**
 * A fresh key for one submission, sent as `Idempotency-Key` and kept while its tries fail without an answer: a
 * retry then replays the first send instead of doing it twice. (getRandomValues works on a plain-HTTP intranet,
 * where randomUUID does not.)
 */
export function newSendKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A JSON body, or a FormData sent as multipart/form-data. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Login endpoints answer 401 for wrong credentials, not for a lost session:
   * they pass `anonymous` so that such a 401 does not log the user out.
   */
  anonymous?: boolean;
  /** Extra request headers, e.g. an Idempotency-Key. */
  headers?: Record<string, string>;
}

/** Sends the request and reads its body within one timeout, so a stalled download times out too. */
async function send<R>(
  path: string,
  options: RequestOptions,
  accept: string,
  read: (response: Response) => Promise<R>,
): Promise<R> {
  const controller = new AbortController();
  const timeout = new Error('timeout');
  const timer = setTimeout(() => {
    controller.abort(timeout);
  }, REQUEST_TIMEOUT_MS);
  const abortFromCaller = () => {
    controller.abort();
  };
  options.signal?.addEventListener('abort', abortFromCaller, { once: true });

  const headers: Record<string, string> = { ...options.headers, Accept: accept };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body; // the browser writes the multipart boundary itself
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  try {
    const response = await fetch(path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      signal: controller.signal,
    });
    if (!response.ok) {
      const error = await errorFrom(response);
      if (error.status === 401 && !options.anonymous) onUnauthorized?.();
      throw error;
    }
    return await read(response);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (controller.signal.reason === timeout) throw new ApiError(0, 'timeout', fr.errors.timeout);
    if (error instanceof SyntaxError) throw new ApiError(0, 'invalid_response', fr.errors.unexpected);
    if (options.signal?.aborted) throw error; // the caller gave up (e.g. React Query cancelled): not ours to report
    throw new ApiError(0, 'network', fr.errors.network);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abortFromCaller);
  }
}

/** A JSON request; the reply is checked against `schema` when one is given (204 → undefined). */
export async function apiRequest<T = void>(
  path: string,
  options: RequestOptions = {},
  schema?: Schema<T>,
): Promise<T> {
  const data = await send(path, options, 'application/json', async (response) =>
    response.status === 204 || !schema ? undefined : ((await response.json()) as unknown),
  );
  if (!schema) return undefined as T;
  try {
    return schema.parse(data);
  } catch (error) {
    console.error(`Response from ${path} does not match its contract`, error);
    throw new ApiError(200, 'invalid_response', fr.errors.unexpected);
  }
}

/** A binary download (e.g. a proof document), with the type the server gives it. */
export async function apiBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  return send(path, options, '*/*', (response) => response.blob());
}
