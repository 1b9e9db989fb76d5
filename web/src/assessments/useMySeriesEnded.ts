import { useQuery } from '@tanstack/react-query';
import { useCachedMe } from '../auth/session.ts';
import { ARCHIVES_KEY, fetchArchives } from './assessments-api.ts';

/** "Mes archives" (D18): the files whose series of care I ended. */
export function useArchives() {
  const me = useCachedMe();
  return useQuery({
    queryKey: ARCHIVES_KEY,
    queryFn: ({ signal }) => fetchArchives(signal),
    enabled: me?.user.role === 'professional',
  });
}

/**
 * Whether I ended my series of care for this patient: the file is then read-only for me. Null while loading; when
 * the list cannot be read, false: the page offers its actions and the server refuses writes anyway (409).
 */
export function useMySeriesEnded(patientId: string): boolean | null {
  const archives = useArchives();
  if (archives.isError) return false;
  return archives.data ? archives.data.some((file) => file.id === patientId) : null;
}
