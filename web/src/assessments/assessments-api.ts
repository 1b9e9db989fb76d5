import {
  Alert as AlertSchema,
  Assessment as AssessmentSchema,
  AssessmentCreated,
  PatientSummary,
  Questionnaire as QuestionnaireSchema,
  type AnswerValue,
} from '@relais/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { apiRequest, type Schema } from '../api/client.ts';
import { arrayOf } from '../api/schemas.ts';
import { DASHBOARD_KEY } from '../care-requests/care-requests-api.ts';

export type Alert = ReturnType<typeof AlertSchema.parse>;
export type Assessment = ReturnType<typeof AssessmentSchema.parse>;
export type Questionnaire = ReturnType<typeof QuestionnaireSchema.parse>;
export type QuestionnaireItem = Questionnaire['items'][number];
export type Answer = ReturnType<typeof AnswerValue.parse>;
export type AssessmentResult = ReturnType<typeof AssessmentCreated.parse>;
/** A file of "Mes archives": when my series ended, and whether the whole team has ended (archived). */
export type ArchivedFile = ReturnType<typeof PatientSummary.parse> & { endedAt: string; archived: boolean };
const ArchivedFile: Schema<ArchivedFile> = {
  parse(data: unknown) {
    const summary = PatientSummary.parse(data);
    const { endedAt, archived } = data as { endedAt?: unknown; archived?: unknown };
    if (typeof endedAt !== 'string' || typeof archived !== 'boolean') throw new TypeError('archive expected');
    return { ...summary, endedAt, archived };
  },
};

/** Every query of these screens lives under this key. */
export const ASSESSMENTS_KEY = ['assessments'] as const;
export const QUESTIONNAIRES_KEY = [...ASSESSMENTS_KEY, 'questionnaires'] as const;
export const timelineKey = (patientId: string) => [...ASSESSMENTS_KEY, 'timeline', patientId] as const;
export const ALERTS_KEY = [...ASSESSMENTS_KEY, 'alerts'] as const;
export const ARCHIVES_KEY = [...ASSESSMENTS_KEY, 'archives'] as const;

/** Where these screens live (App.tsx routes them). */
export const ALERTS_PATH = '/alertes';
export const ARCHIVES_PATH = '/archives';
export function fillPath(
  patientId: string,
  options: { questionnaire?: string; request?: string | null } = {},
) {
  const params = new URLSearchParams();
  if (options.questionnaire) params.set('q', options.questionnaire);
  if (options.request) params.set('demande', options.request);
  const search = params.toString();
  return `/patients/${encodeURIComponent(patientId)}/questionnaire${search ? `?${search}` : ''}`;
}
export const patientPath = (patientId: string) => `/patients/${encodeURIComponent(patientId)}`;

/** The id of the built-in "Bilan de fin de prise en charge" (D18 asks for a bilan before ending). */
export const END_OF_CARE_BILAN_ID = 'bilan-fin-prise-en-charge';

const patientUrl = (id: string, action: string) => `/api/patients/${encodeURIComponent(id)}/${action}`;

export function fetchQuestionnaires(signal?: AbortSignal): Promise<Questionnaire[]> {
  return apiRequest('/api/questionnaires', { signal }, arrayOf(QuestionnaireSchema));
}

export function fetchTimeline(patientId: string, signal?: AbortSignal): Promise<Assessment[]> {
  return apiRequest(patientUrl(patientId, 'assessments'), { signal }, arrayOf(AssessmentSchema));
}

export function createAssessment(
  patientId: string,
  body: { questionnaireId: string; answers: Record<string, Answer>; careRequestId?: string },
): Promise<AssessmentResult> {
  return apiRequest(patientUrl(patientId, 'assessments'), { body }, AssessmentCreated);
}

export function endCare(patientId: string): Promise<void> {
  return apiRequest(patientUrl(patientId, 'end-of-care'), { body: {} });
}

export function fetchArchives(signal?: AbortSignal): Promise<ArchivedFile[]> {
  return apiRequest('/api/archives', { signal }, arrayOf(ArchivedFile));
}

export function fetchAlerts(signal?: AbortSignal): Promise<Alert[]> {
  return apiRequest('/api/alerts', { signal }, arrayOf(AlertSchema));
}

export function markAlertRead(id: string): Promise<void> {
  return apiRequest(`/api/alerts/${encodeURIComponent(id)}/read`, { body: {} });
}

/** A new alert (live event, or a resync): the list and the dashboard's unread count are read again. */
export async function refreshAlerts(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ALERTS_KEY }),
    queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY }),
  ]);
}
