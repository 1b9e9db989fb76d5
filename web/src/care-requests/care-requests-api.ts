import {
  CareRequestCreated,
  CareRequestView as CareRequestViewSchema,
  Dashboard,
  PatientFile as PatientFileSchema,
  SentCareRequest,
  type CreateCareRequest,
} from '@relais/contracts';
import { apiRequest, isApiError } from '../api/client.ts';
import { arrayOf } from '../api/schemas.ts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';

export type CareRequestView = ReturnType<typeof CareRequestViewSchema.parse>;
export type SentRequest = ReturnType<typeof SentCareRequest.parse>;
export type CreatedRequest = ReturnType<typeof CareRequestCreated.parse>;
export type PatientFile = ReturnType<typeof PatientFileSchema.parse>;
export type DashboardCounts = ReturnType<typeof Dashboard.parse>;

/** Every care-request query lives under this key: one invalidation refreshes them all. */
export const CARE_REQUESTS_KEY = ['care-requests'] as const;
export const INBOX_KEY = [...CARE_REQUESTS_KEY, 'inbox'] as const;
export const SENT_KEY = [...CARE_REQUESTS_KEY, 'sent'] as const;
export const requestKey = (id: string) => [...CARE_REQUESTS_KEY, 'one', id] as const;
export const DASHBOARD_KEY = ['dashboard'] as const;

const path = (id: string, action?: string) =>
  `/api/care-requests/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export function fetchInbox(signal?: AbortSignal): Promise<CareRequestView[]> {
  return apiRequest('/api/care-requests/inbox', { signal }, arrayOf(CareRequestViewSchema));
}

export function fetchSent(signal?: AbortSignal): Promise<SentRequest[]> {
  return apiRequest('/api/care-requests/sent', { signal }, arrayOf(SentCareRequest));
}

export function fetchCareRequest(id: string, signal?: AbortSignal): Promise<CareRequestView> {
  return apiRequest(path(id), { signal }, CareRequestViewSchema);
}

export function fetchDashboard(signal?: AbortSignal): Promise<DashboardCounts> {
  return apiRequest('/api/dashboard', { signal }, Dashboard);
}

/**
 * `sendKey` identifies one submission: sent again after a lost answer, the server answers the request the first
 * send created instead of alerting the pool twice.
 */
export function createCareRequest(body: CreateCareRequest, sendKey: string): Promise<CreatedRequest> {
  return apiRequest(
    '/api/care-requests',
    { body, headers: { 'Idempotency-Key': sendKey } },
    CareRequestCreated,
  );
}

export function acceptCareRequest(id: string): Promise<PatientFile> {
  return apiRequest(path(id, 'accept'), { body: {} }, PatientFileSchema);
}

export function declineCareRequest(id: string, reason: string): Promise<void> {
  const trimmed = reason.trim();
  return apiRequest(path(id, 'decline'), { body: trimmed ? { reason: trimmed } : {} });
}

export function cancelCareRequest(id: string): Promise<void> {
  return apiRequest(path(id, 'cancel'), { body: {} });
}

export interface RelaunchOptions {
  responseMinutes: number;
  extraRadiusKm: number;
}

export function relaunchCareRequest(id: string, options: RelaunchOptions): Promise<CreatedRequest> {
  const body = {
    responseMinutes: options.responseMinutes,
    ...(options.extraRadiusKm > 0 ? { extraRadiusKm: options.extraRadiusKm } : {}),
  };
  return apiRequest(path(id, 'relaunch'), { body }, CareRequestCreated);
}

/** `details.reason` of a 409 (`already_accepted`, `expired`, `cancelled`, `declined`…), or null. */
export function conflictReason(error: unknown): string | null {
  if (!isApiError(error, 409)) return null;
  const details = error.details;
  if (typeof details !== 'object' || details === null || !('reason' in details)) return null;
  return typeof details.reason === 'string' ? details.reason : null;
}

/** The words the user reads for a 409: ours for the known reasons, else the server's. */
export function conflictMessage(error: unknown): string | null {
  const reason = conflictReason(error);
  if (reason === null) return isApiError(error, 409) ? error.message : null;
  return frCareRequests.conflicts[reason] ?? (isApiError(error) ? error.message : null);
}

/**
 * After a relaunch timed out, the new request may well exist: before trying again, look for one just created
 * for the same patient and care (the server refuses a second relaunch of the same request anyway).
 */
export async function findJustCreated(
  like: { patientId: string; profession: string; careType: string },
  sinceMs: number,
): Promise<CreatedRequest | null> {
  const sent = await fetchSent();
  const found = sent.find(
    (r) =>
      r.patient.id === like.patientId &&
      r.profession === like.profession &&
      r.careType === like.careType &&
      r.status === 'open' &&
      // A minute of slack for a server clock ahead of or behind the phone's.
      new Date(r.createdAt).getTime() >= sinceMs - 60_000,
  );
  if (!found) return null;
  return {
    id: found.id,
    status: found.status,
    phase: found.phase,
    priorityUntil: found.priorityUntil,
    expiresAt: found.expiresAt,
    recipients: found.recipients,
  };
}
