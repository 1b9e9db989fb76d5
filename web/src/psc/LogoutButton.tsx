import { Button, Menu } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useSessionActions } from '../auth/session.ts';
import { fr } from '../i18n/fr.ts';
import { frPsc } from '../i18n/fr-psc.ts';
import { fetchPscSession, pscLogout } from './psc-api.ts';

/**
 * The header's logout. A session opened with e-CPS offers to end the Pro Santé Connect session too
 * (end_session with id_token_hint); otherwise it is the plain button.
 */
export function LogoutButton({ onLogout, loading }: { onLogout: () => void; loading: boolean }) {
  const session = useSessionActions();
  const viaPsc = useQuery({
    queryKey: ['psc-session'],
    queryFn: ({ signal }) => fetchPscSession(signal),
    staleTime: Infinity,
  });
  const alsoPsc = useMutation({
    mutationFn: pscLogout,
    onSuccess: ({ endSessionUrl }) => {
      session.forget();
      window.location.assign(endSessionUrl ?? '/connexion');
    },
    onError: () => {
      onLogout();
    },
  });
  const plain = (
    <Button variant="subtle" size="sm" onClick={onLogout} loading={loading}>
      {fr.common.logout}
    </Button>
  );
  if (!viaPsc.data?.viaPsc) return plain;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          size="sm"
          loading={loading || alsoPsc.isPending}
          aria-label={frPsc.logout.menu}
        >
          {fr.common.logout}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item py="md" onClick={onLogout}>
          {frPsc.logout.relaisOnly}
        </Menu.Item>
        <Menu.Item
          py="md"
          onClick={() => {
            alsoPsc.mutate();
          }}
        >
          {frPsc.logout.alsoPsc}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
