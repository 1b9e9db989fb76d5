import { useQuery } from '@tanstack/react-query';
import { useCachedMe } from '../auth/session.ts';
import { DASHBOARD_KEY, fetchDashboard } from './care-requests-api.ts';

/** D14 — pending requests, unread messages and alerts; live events invalidate it (see live/). */
export function useDashboard() {
  const me = useCachedMe();
  return useQuery({
    queryKey: DASHBOARD_KEY,
    queryFn: ({ signal }) => fetchDashboard(signal),
    enabled: me?.user.role === 'professional' && !me.mustChangePassword,
    refetchOnWindowFocus: true,
    // A safety net for when the live socket is down (e.g. a proxy that drops WebSockets).
    refetchInterval: 5 * 60_000,
  });
}
