import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { hasPatternLogin, readDevice, updateDevice } from '../device/device-store.ts';
import { fetchMe, type Me } from './auth-api.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in user (null: no session). Fetched once, then kept in the cache. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60_000,
  });
}

/** The user as far as the cache knows, without asking the server (for the header). */
export function useCachedMe(): Me | null {
  const { data } = useQuery({ queryKey: ME_KEY, queryFn: () => fetchMe(), enabled: false });
  return data ?? null;
}

export function rememberSession(queryClient: QueryClient, me: Me): void {
  queryClient.setQueryData(ME_KEY, { user: me.user, mustChangePassword: me.mustChangePassword });
  updateDevice({ firstName: me.user.firstName });
}

export function homeFor(role: Me['user']['role']): string {
  return role === 'support' ? '/support' : '/';
}

/** Where a signed-out visitor starts: the schéma when this device has one, otherwise credentials. */
export function startPath(): string {
  return hasPatternLogin() ? '/connexion/schema' : '/connexion';
}

/** After any login step: temporary password first, then this device's schéma, then the user's home. */
export function destinationAfterLogin(me: Me): string {
  if (me.mustChangePassword) return '/mot-de-passe';
  const device = readDevice();
  if (device && !device.hasPattern) return '/schema/nouveau';
  return homeFor(me.user.role);
}

export function useSessionActions() {
  const queryClient = useQueryClient();
  return {
    remember: (me: Me) => {
      rememberSession(queryClient, me);
    },
    forget: () => {
      queryClient.removeQueries();
      queryClient.setQueryData(ME_KEY, null);
    },
  };
}
