import { useLocation } from 'react-router';
import { SuccessAlert } from './ErrorAlert.tsx';

/** A one-line confirmation carried by navigation state (`{ notice }`), e.g. "Schéma enregistré". */
export function RouteNotice() {
  const state = useLocation().state as { notice?: unknown } | null;
  return typeof state?.notice === 'string' ? <SuccessAlert>{state.notice}</SuccessAlert> : null;
}
