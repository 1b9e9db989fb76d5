import { AccountSummary, Created, RegistrationSummary, type AccountStatus } from '@relais/contracts';
import { apiBlob, apiRequest } from '../api/client.ts';
import { arrayOf, pageOf } from '../api/schemas.ts';
import { toProfessionalInput, type ProfessionalFormValues } from '../professional/professional-form.ts';

export type Registration = ReturnType<typeof RegistrationSummary.parse>;
export type Account = ReturnType<typeof AccountSummary.parse>;
export type Status = ReturnType<typeof AccountStatus.parse>;

export const REGISTRATIONS_KEY = ['admin', 'registrations', 'pending'] as const;
export const ACCOUNTS_KEY = ['admin', 'accounts'] as const;

export function listPendingRegistrations(signal?: AbortSignal): Promise<Registration[]> {
  return apiRequest('/api/admin/registrations?status=pending', { signal }, arrayOf(RegistrationSummary));
}

export function fetchProof(id: string, signal?: AbortSignal): Promise<Blob> {
  return apiBlob(`/api/admin/registrations/${encodeURIComponent(id)}/proof`, { signal });
}

export function approveRegistration(id: string): Promise<void> {
  return apiRequest(`/api/admin/registrations/${encodeURIComponent(id)}/approve`, { body: {} });
}

export function rejectRegistration(id: string, reason: string): Promise<void> {
  return apiRequest(`/api/admin/registrations/${encodeURIComponent(id)}/reject`, { body: { reason } });
}

export interface AccountQuery {
  q: string;
  status: Status | '';
  limit: number;
  offset: number;
}

export function listAccounts(query: AccountQuery, signal?: AbortSignal) {
  const params = new URLSearchParams({ limit: String(query.limit), offset: String(query.offset) });
  if (query.q.trim()) params.set('q', query.q.trim());
  if (query.status) params.set('status', query.status);
  return apiRequest(`/api/admin/accounts?${params.toString()}`, { signal }, pageOf(AccountSummary));
}

export type AccountAction = 'block' | 'unblock' | 'reset-password';

export function accountAction(id: string, action: AccountAction): Promise<void> {
  return apiRequest(`/api/admin/accounts/${encodeURIComponent(id)}/${action}`, { body: {} });
}

export function createProfessional(values: ProfessionalFormValues) {
  return apiRequest('/api/admin/professionals', { body: toProfessionalInput(values) }, Created);
}
