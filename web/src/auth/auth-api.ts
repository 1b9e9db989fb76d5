import {
  LoginReply,
  OtpReply,
  PatternLoginReply,
  Session,
  type ChangePasswordRequest,
  type LoginRequest,
  type OtpRequest,
  type PatternLoginRequest,
  type SetPatternRequest,
} from '@relais/contracts';
import { apiRequest, isApiError, type Schema } from '../api/client.ts';

/** A request body, typed by the contract schema that the server validates it with. */
type Body<S extends Schema<unknown>> = ReturnType<S['parse']>;

/** `GET /api/me` carries the user and whether they must change a temporary password. */
export const MeReply = Session.pick({ user: true, mustChangePassword: true });
export type Me = ReturnType<typeof MeReply.parse>;
export type SessionReply = ReturnType<typeof Session.parse>;
export type LoginResult = ReturnType<typeof LoginReply.parse>;
export type OtpResult = ReturnType<typeof OtpReply.parse>;

export function isSession(reply: LoginResult): reply is SessionReply {
  return 'token' in reply;
}

export function login(body: Body<typeof LoginRequest>): Promise<LoginResult> {
  return apiRequest('/api/auth/login', { body, anonymous: true }, LoginReply);
}

export function verifyOtp(body: Body<typeof OtpRequest>): Promise<OtpResult> {
  return apiRequest('/api/auth/otp', { body, anonymous: true }, OtpReply);
}

export function setPattern(body: Body<typeof SetPatternRequest>): Promise<void> {
  return apiRequest('/api/auth/pattern', { body });
}

export function patternLogin(body: Body<typeof PatternLoginRequest>): Promise<SessionReply> {
  return apiRequest('/api/auth/pattern-login', { body, anonymous: true }, PatternLoginReply);
}

export function changePassword(body: Body<typeof ChangePasswordRequest>): Promise<void> {
  // A wrong current password must be shown on the form, not end the session.
  return apiRequest('/api/auth/password', { body, anonymous: true });
}

export function logout(): Promise<void> {
  return apiRequest('/api/auth/logout', { body: {}, anonymous: true });
}

/** The signed-in user, or null when there is no session (401). */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await apiRequest('/api/me', { signal, anonymous: true }, MeReply);
  } catch (error) {
    if (isApiError(error, 401)) return null;
    throw error;
  }
}
