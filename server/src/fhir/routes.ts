import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Resource } from '@medplum/fhirtypes';
import type { Deps } from '../deps.ts';
import { professionalActor } from '../http/route-kit.ts';
import { readCareRequest } from '../care-requests/read-care-requests.ts';
import { readCareTeam, readPatient } from '../patients/read-patients.ts';
import { capabilityStatement, SUPPORTED_TYPES } from './capability-statement.ts';
import {
  FHIR_JSON,
  FhirError,
  installFhirErrorHandler,
  invalid,
  notSupported,
  sendOutcome,
} from './operation-outcome.ts';
import { practitionersByNumber, readPractitioner } from './read-practitioners.ts';
import {
  careTeamResource,
  patientResource,
  practitionerResource,
  searchset,
  serviceRequestResource,
} from './resources.ts';
import { searchCommunications } from './search-communications.ts';
import { FHIR_ID, isUuid, parsePractitionerIdentifier, parseReference } from './search-params.ts';
import { searchQuestionnaireResponses } from './search-questionnaire-responses.ts';
import { searchTasks } from './search-tasks.ts';

export const FHIR_PREFIX = '/api/fhir/r4';

const one = (what: string) => z.string({ message: `${what} attendu (une seule valeur).` });
const ReadParams = z.strictObject({ id: z.string().regex(FHIR_ID, 'identifiant FHIR invalide.') });
const BySubject = z.strictObject({ subject: one('une référence Patient/<id>') });
const ByIdentifier = z.strictObject({ identifier: one('un identifiant <système>|<valeur>') });
const TaskSearch = z.strictObject({
  owner: one('une référence Practitioner/<id>').optional(),
  focus: one('une référence ServiceRequest/<id>').optional(),
});

const notFoundHere = (type: string) => new FhirError(404, 'not-found', `${type} introuvable.`);

/**
 * The read-only FHIR R4 facade (issue 10): each route authorizes like the JSON API, calls the same use case
 * (same access rule, same audit) and reshapes its answer as FR Core flavoured FHIR. Errors are
 * OperationOutcomes; only the CapabilityStatement is public, as FHIR clients discover it before logging in.
 */
export function fhirRoutes(app: FastifyInstance, deps: Deps): void {
  const base = `${deps.config.publicUrl.replace(/\/+$/, '')}${FHIR_PREFIX}`;
  const bundle = (request: FastifyRequest, resources: Resource[]) =>
    searchset(base, `${base}${request.url.slice(FHIR_PREFIX.length)}`, resources, deps.clock.now());
  const patientOf = (subject: string) => {
    const id = parseReference(subject, 'Patient', 'subject');
    if (!id) throw notFoundHere('Patient');
    return id;
  };

  void app.register(
    (scope, _options, done) => {
      installFhirErrorHandler(scope);
      scope.addHook('onRequest', (_request, reply, next) => {
        void reply.type(FHIR_JSON);
        next();
      });
      scope.setNotFoundHandler((_request, reply) =>
        sendOutcome(reply, new FhirError(404, 'not-found', 'Interaction FHIR inconnue : voir /metadata.')),
      );
      const r = scope.withTypeProvider<ZodTypeProvider>();
      const schema = <T extends object>(extra: T) => ({ tags: ['fhir'], ...extra });

      r.get('/metadata', { schema: schema({}) }, (_request) => capabilityStatement(base, deps.clock.now()));

      r.get('/Practitioner', { schema: schema({ querystring: ByIdentifier }) }, async (request) => {
        professionalActor(request);
        const number = parsePractitionerIdentifier(request.query.identifier);
        const found = await practitionersByNumber(deps.db, number);
        return bundle(request, found.map(practitionerResource));
      });

      r.get('/Practitioner/:id', { schema: schema({ params: ReadParams }) }, async (request) => {
        professionalActor(request);
        if (!isUuid(request.params.id)) throw notFoundHere('Professionnel');
        return practitionerResource(await readPractitioner(deps.db, request.params.id));
      });

      r.get('/Patient/:id', { schema: schema({ params: ReadParams }) }, async (request) => {
        const ctx = professionalActor(request);
        if (!isUuid(request.params.id)) throw notFoundHere('Patient');
        return patientResource(await readPatient(deps, ctx, request.params.id));
      });

      r.get('/ServiceRequest/:id', { schema: schema({ params: ReadParams }) }, async (request) => {
        const ctx = professionalActor(request);
        if (!isUuid(request.params.id)) throw notFoundHere('Demande');
        return serviceRequestResource(await readCareRequest(deps, ctx, request.params.id));
      });

      r.get('/Task', { schema: schema({ querystring: TaskSearch }) }, async (request) => {
        const ctx = professionalActor(request);
        const { owner, focus } = request.query;
        if (owner === undefined && focus === undefined)
          throw invalid('Précisez owner=Practitioner/<id> ou focus=ServiceRequest/<id>.');
        const ownerId = owner === undefined ? undefined : parseReference(owner, 'Practitioner', 'owner');
        const focusId = focus === undefined ? undefined : parseReference(focus, 'ServiceRequest', 'focus');
        if (ownerId === null) return bundle(request, []);
        if (focusId === null) throw notFoundHere('Demande');
        return bundle(request, await searchTasks(deps, ctx, { ownerId, focusId }));
      });

      r.get('/QuestionnaireResponse', { schema: schema({ querystring: BySubject }) }, async (request) => {
        const ctx = professionalActor(request);
        const patientId = patientOf(request.query.subject);
        return bundle(request, await searchQuestionnaireResponses(deps, ctx, base, patientId));
      });

      r.get('/CareTeam', { schema: schema({ querystring: BySubject }) }, async (request) => {
        const ctx = professionalActor(request);
        const patientId = patientOf(request.query.subject);
        const members = await readCareTeam(deps, ctx, patientId);
        return bundle(request, [careTeamResource(patientId, members)]);
      });

      r.get('/Communication', { schema: schema({ querystring: BySubject }) }, async (request) => {
        const ctx = professionalActor(request);
        return bundle(request, await searchCommunications(deps, ctx, patientOf(request.query.subject)));
      });

      // Everything else a FHIR client may try: a known type without that interaction, or an unknown type.
      const unsupported = (type: string, interaction: 'search' | 'read') =>
        SUPPORTED_TYPES.includes(type)
          ? notSupported(
              interaction === 'search'
                ? `La recherche sur ${type} n’est pas prise en charge (voir /metadata).`
                : `La lecture de ${type} par identifiant n’est pas prise en charge (voir /metadata).`,
            )
          : notSupported(`Type de ressource non pris en charge : ${type}.`);
      scope.get<{ Params: { type: string } }>('/:type', { schema: { hide: true } }, (request) => {
        professionalActor(request);
        throw unsupported(request.params.type, 'search');
      });
      scope.get<{ Params: { type: string; id: string } }>(
        '/:type/:id',
        { schema: { hide: true } },
        (request) => {
          professionalActor(request);
          throw unsupported(request.params.type, 'read');
        },
      );
      done();
    },
    { prefix: FHIR_PREFIX },
  );
}
