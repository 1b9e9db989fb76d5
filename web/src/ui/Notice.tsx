import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { SuccessAlert } from './ErrorAlert.tsx';

/**
 * A one-line confirmation carried by navigation state (`{ notice }`), e.g. "Schéma enregistré".
 * Shown once: the state is then dropped so that a reload does not repeat it.
 */
export function RouteNotice() {
  const location = useLocation();
  const navigate = useNavigate();
  const carried = (location.state as { notice?: unknown } | null)?.notice;
  const [notice] = useState(typeof carried === 'string' ? carried : null);

  useEffect(() => {
    if (carried !== undefined) {
      void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
    }
  }, [carried, location.pathname, location.search, navigate]);

  return notice ? <SuccessAlert>{notice}</SuccessAlert> : null;
}
