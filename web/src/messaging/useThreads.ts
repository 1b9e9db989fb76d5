import { useQuery } from '@tanstack/react-query';
import { fetchThreads, THREADS_KEY } from './messaging-api.ts';

/** My threads, newest activity first; live `message.new` events refresh it (see live-messaging.ts). */
export function useThreads() {
  return useQuery({
    queryKey: THREADS_KEY,
    queryFn: ({ signal }) => fetchThreads(signal),
    refetchOnWindowFocus: true,
  });
}
