import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AppError } from '../shared/errors.ts';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

type IssueCode = OperationOutcomeIssue['code'];

/** A refusal of the FHIR API itself (unsupported type, parameter or interaction; malformed value). */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issueCode: IssueCode,
    message: string,
  ) {
    super(message);
  }
}

export const notSupported = (message: string) => new FhirError(400, 'not-supported', message);
export const invalid = (message: string) => new FhirError(400, 'invalid', message);

/** FHIR's issue types for the API's own error codes (API.md's table of statuses). */
const ISSUE_BY_STATUS: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'business-rule',
  423: 'security',
  429: 'throttled',
};

export function operationOutcome(code: IssueCode, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

function validationOutcome(error: FastifyError): FhirError {
  const unknown: string[] = [];
  const problems: string[] = [];
  for (const v of error.validation ?? []) {
    const keys = (v.params as { keys?: unknown } | undefined)?.keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) unknown.push(...(keys as string[]));
    else {
      const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      problems.push(
        field ? `${field} : ${v.message ?? 'valeur invalide'}` : (v.message ?? 'Valeur invalide.'),
      );
    }
  }
  if (unknown.length)
    return notSupported(
      `Paramètre${unknown.length > 1 ? 's' : ''} de recherche non pris en charge : ${unknown.join(', ')}.`,
    );
  return invalid(problems.join(' ; ') || 'Requête invalide.');
}

/** Every failure under the FHIR prefix answers an OperationOutcome, with the status the rest of the API uses. */
export function installFhirErrorHandler(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    let failure: FhirError;
    if (error instanceof FhirError) failure = error;
    else if (error instanceof AppError && error.status < 500)
      failure = new FhirError(error.status, ISSUE_BY_STATUS[error.status] ?? 'processing', error.message);
    else if (hasZodFastifySchemaValidationErrors(error)) failure = validationOutcome(error);
    else if (error.statusCode === 429)
      failure = new FhirError(429, 'throttled', 'Trop de requêtes : réessayez dans une minute.');
    else {
      request.log.error({ err: error }, 'unhandled FHIR error');
      failure = new FhirError(500, 'exception', 'Erreur interne : réessayez dans un instant.');
    }
    return sendOutcome(reply, failure);
  });
}

export function sendOutcome(reply: FastifyReply, failure: FhirError) {
  if (failure.status === 401) void reply.header('www-authenticate', 'Bearer');
  return reply
    .status(failure.status)
    .type(FHIR_JSON)
    .send(operationOutcome(failure.issueCode, failure.message));
}
