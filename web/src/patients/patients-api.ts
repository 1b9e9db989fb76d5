import {
  CommuneSuggestion,
  NationalDirectoryReply,
  PatientFile,
  PatientSummary,
  UserDirectoryReply,
  type CreatePatient,
  type UpdatePatient,
} from '@relais/contracts';
import { apiRequest } from '../api/client.ts';
import { arrayOf } from '../api/schemas.ts';

export type { PatientFile, PatientSummary };

export const PATIENTS_KEY = ['patients'] as const;
export const patientListKey = (q: string) => [...PATIENTS_KEY, 'list', q] as const;
export const patientKey = (id: string) => [...PATIENTS_KEY, 'file', id] as const;

/** "Patients en coordination": the files I am part of, or whose médecin traitant I am; newest first. */
export function listPatients(q: string, signal?: AbortSignal): Promise<PatientSummary[]> {
  const search = q.trim() ? `?${new URLSearchParams({ q: q.trim() }).toString()}` : '';
  return apiRequest(`/api/patients${search}`, { signal }, arrayOf(PatientSummary));
}

export function fetchPatient(id: string, signal?: AbortSignal): Promise<PatientFile> {
  return apiRequest(`/api/patients/${encodeURIComponent(id)}`, { signal }, PatientFile);
}

export function createPatient(body: CreatePatient): Promise<PatientFile> {
  return apiRequest('/api/patients', { body }, PatientFile);
}

export function updatePatient(id: string, body: UpdatePatient): Promise<PatientFile> {
  return apiRequest(`/api/patients/${encodeURIComponent(id)}`, { method: 'PATCH', body }, PatientFile);
}

export function searchCommunes(q: string, signal?: AbortSignal): Promise<CommuneSuggestion[]> {
  const params = new URLSearchParams({ q: q.trim(), limit: '8' });
  return apiRequest(`/api/geo/communes?${params.toString()}`, { signal }, arrayOf(CommuneSuggestion));
}

export function searchUsers(q: string, signal?: AbortSignal) {
  const params = new URLSearchParams({ q: q.trim(), limit: '20' });
  return apiRequest(`/api/directory/users?${params.toString()}`, { signal }, UserDirectoryReply);
}

/** Digits look for an RPPS/ADELI number, anything else for a name. */
export function searchNational(text: string, signal?: AbortSignal) {
  const value = text.trim();
  const params = /^\d{9,12}$/.test(value)
    ? new URLSearchParams({ identifier: value, limit: '50' })
    : new URLSearchParams({ q: value, limit: '50' });
  return apiRequest(`/api/directory/national?${params.toString()}`, { signal }, NationalDirectoryReply);
}
