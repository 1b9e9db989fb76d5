import {
  PscLogoutReply,
  PscSessionReply,
  PscSignupView,
  Session,
  type PscSignupRequest,
} from '@relais/contracts';
import { apiRequest } from '../api/client.ts';

/** A full-page navigation: the server redirects to Pro Santé Connect, which comes back to the callback. */
export const PSC_START_URL = '/api/auth/psc/start';

export function fetchPscSignup(signal?: AbortSignal) {
  return apiRequest('/api/auth/psc/signup', { signal, anonymous: true }, PscSignupView);
}

export function completePscSignup(body: PscSignupRequest) {
  return apiRequest('/api/auth/psc/signup', { body, anonymous: true }, Session);
}

export function fetchPscSession(signal?: AbortSignal) {
  return apiRequest('/api/auth/psc/session', { signal }, PscSessionReply);
}

export function pscLogout() {
  return apiRequest('/api/auth/psc/logout', { body: {}, anonymous: true }, PscLogoutReply);
}
