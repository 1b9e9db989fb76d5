import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError } from '../shared/errors.ts';

/** `/officeAddress/postalCode` → `officeAddress.postalCode`. */
const fieldPath = (instancePath: string) => instancePath.replace(/^\//, '').replaceAll('/', '.') || '_';

export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'Champ inconnu.';
      continue;
    }
    fields[issue.path.join('.') || '_'] ??= issue.message;
  }
  return fields;
}

const FASTIFY_CODES: Record<string, AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: new AppError('file_too_large', 'La requête est trop volumineuse.'),
  FST_REQ_FILE_TOO_LARGE: new AppError('file_too_large', 'Le fichier dépasse 10 Mo.', {
    fields: { proof: 'Le fichier dépasse 10 Mo.' },
  }),
  FST_PARTS_LIMIT: new AppError('validation_failed', 'Trop de champs dans le formulaire.'),
  FST_FILES_LIMIT: new AppError('validation_failed', 'Un seul fichier est attendu.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new AppError(
    'unsupported_file_type',
    'Type de contenu non pris en charge.',
  ),
  FST_INVALID_MULTIPART_CONTENT_TYPE: new AppError(
    'unsupported_file_type',
    'Un formulaire multipart est attendu.',
  ),
  FST_ERR_CTP_EMPTY_JSON_BODY: new AppError('validation_failed', 'Le corps de la requête est vide.'),
  FST_ERR_CTP_INVALID_JSON_BODY: new AppError(
    'validation_failed',
    'Le corps de la requête n’est pas du JSON valide.',
  ),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: new AppError('validation_failed', 'Longueur de contenu invalide.'),
};

/** The one error handler: coded errors become API.md's error body; nothing internal reaches a client. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, string> = {};
      for (const v of error.validation) {
        const path = fieldPath(v.instancePath);
        const keys = (v.params as { keys?: unknown } | undefined)?.keys;
        if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
          for (const key of keys as string[])
            fields[path === '_' ? key : `${path}.${key}`] ??= 'Champ inconnu.';
        } else fields[path] ??= v.message ?? 'Valeur invalide.';
      }
      appError = new AppError('validation_failed', 'Certains champs sont invalides.', {
        fields,
        in: error.validationContext,
      });
    } else if (error.statusCode === 429)
      appError = new AppError('rate_limited', 'Trop de tentatives : réessayez dans une minute.');
    else if (error.code && FASTIFY_CODES[error.code])
      appError = FASTIFY_CODES[error.code] ?? new AppError('internal', '');
    else if (error.statusCode === 413)
      appError = new AppError('file_too_large', 'La requête est trop volumineuse.');
    else if (error.statusCode === 415)
      appError = new AppError('unsupported_file_type', 'Type de contenu non pris en charge.');
    else if (
      error.statusCode &&
      error.statusCode >= 400 &&
      error.statusCode < 500 &&
      !isResponseSerializationError(error)
    )
      appError = new AppError('validation_failed', 'Requête invalide.');
    else {
      request.log.error({ err: error }, 'unhandled error');
      appError = new AppError('internal', 'Erreur interne : réessayez dans un instant.');
    }
    if (appError.status >= 500) request.log.error({ code: appError.code }, 'server error');
    void reply.status(appError.status).send({
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details !== undefined ? { details: appError.details } : {}),
      },
    });
  });
}
