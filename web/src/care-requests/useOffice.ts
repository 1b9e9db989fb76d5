import { ActivityPreferences } from '@relais/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';

/** The viewer's geocoded office ("Pref. PeC"), drawn beside a request's area for scale; null if unknown. */
export function useOffice() {
  const query = useQuery({
    queryKey: ['me', 'activity', 'office'],
    queryFn: async ({ signal }) =>
      (await apiRequest('/api/me/activity', { signal }, ActivityPreferences)).office,
    staleTime: 10 * 60_000,
  });
  // A map without the office still says everything D10 allows: a failure here stays silent.
  return query.data ?? null;
}
