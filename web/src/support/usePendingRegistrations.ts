import { useQuery } from '@tanstack/react-query';
import { listPendingRegistrations, REGISTRATIONS_KEY } from './support-api.ts';

export function usePendingRegistrations() {
  return useQuery({
    queryKey: REGISTRATIONS_KEY,
    queryFn: ({ signal }) => listPendingRegistrations(signal),
    refetchOnWindowFocus: true,
  });
}
