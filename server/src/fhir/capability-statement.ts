import type { CapabilityStatement, CapabilityStatementRestResource, ResourceType } from '@medplum/fhirtypes';
import { VERSION } from '../version.ts';
import { IDNPS_SYSTEM, RPPS_SYSTEM } from './search-params.ts';

const param = (type: string, name: string, kind: 'token' | 'reference', documentation: string) => ({
  name,
  definition: `http://hl7.org/fhir/SearchParameter/${type}-${name}`,
  type: kind,
  documentation,
});

const bySubject = (type: ResourceType, what: string): CapabilityStatementRestResource => ({
  type,
  interaction: [{ code: 'search-type' }],
  searchParam: [param(type, 'subject', 'reference', `Patient/<id> (obligatoire) : ${what}.`)],
});

/** Exactly what the FHIR facade serves: every other type, parameter or interaction is a 400 `not-supported`. */
export function capabilityStatement(base: string, now: Date): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    publisher: 'Relais',
    kind: 'instance',
    software: { name: 'Relais', version: VERSION },
    implementation: {
      description: 'Relais — API FHIR R4 en lecture (identifiants FR Core)',
      url: base,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Lecture seule, avec les mêmes règles d’accès que l’API Relais : hors de portée, une ressource est ' +
          'introuvable (404). Chaque lecture de données de patient est tracée. Aucun INS n’est transmis.',
        security: {
          description:
            'Jeton de session Relais d’un professionnel de santé (Authorization: Bearer <jeton>) ou cookie de session.',
        },
        resource: [
          {
            type: 'Practitioner',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              param(
                'Practitioner',
                'identifier',
                'token',
                `${RPPS_SYSTEM}|<RPPS> ou ${IDNPS_SYSTEM}|<IDNPS> (8 + RPPS, 0 + ADELI) (obligatoire).`,
              ),
            ],
          },
          { type: 'Patient', interaction: [{ code: 'read' }] },
          { type: 'ServiceRequest', interaction: [{ code: 'read' }] },
          {
            type: 'Task',
            interaction: [{ code: 'search-type' }],
            searchParam: [
              param('Task', 'owner', 'reference', 'Practitioner/<id> : les tâches de ce professionnel.'),
              param('Task', 'focus', 'reference', 'ServiceRequest/<id> : les tâches de cette demande.'),
            ],
          },
          bySubject('QuestionnaireResponse', 'bilans et questionnaires de suivi du patient'),
          bySubject('CareTeam', 'l’équipe de soins du patient'),
          bySubject('Communication', 'les messages des conversations sur le patient auxquelles je participe'),
        ],
      },
    ],
  };
}

export const SUPPORTED_TYPES: string[] = [
  'Practitioner',
  'Patient',
  'ServiceRequest',
  'Task',
  'QuestionnaireResponse',
  'CareTeam',
  'Communication',
];
