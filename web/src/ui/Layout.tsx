import { AppShell, Group, Text, UnstyledButton } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link, Outlet, useNavigate } from 'react-router';
import { logout } from '../auth/auth-api.ts';
import { homeFor, startPath, useCachedMe, useSessionActions } from '../auth/session.ts';
import { RequestsBadge } from '../care-requests/RequestsBadge.tsx';
import { fr } from '../i18n/fr.ts';
import { LiveEvents } from '../live/LiveEvents.tsx';
import { LogoutButton } from '../psc/LogoutButton.tsx';
import { Logo } from './Logo.tsx';
import { PageLoader } from './PageLoader.tsx';

export function Layout() {
  const me = useCachedMe();
  const navigate = useNavigate();
  const session = useSessionActions();
  const signOut = useMutation({
    mutationFn: logout,
    // Even when the server cannot be reached, this browser forgets the session it knows of.
    onSettled: () => {
      session.forget();
      void navigate(startPath(), { replace: true });
    },
  });

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <UnstyledButton
            component={Link}
            to={me ? homeFor(me.user.role) : startPath()}
            aria-label={fr.app.home}
          >
            <Group gap={8} wrap="nowrap">
              <Logo size={30} />
              <Text fw={700} size="lg" c="blue.9">
                {fr.app.name}
              </Text>
            </Group>
          </UnstyledButton>
          <Group gap={4} wrap="nowrap">
            <RequestsBadge />
            {me && (
              <LogoutButton
                onLogout={() => {
                  signOut.mutate();
                }}
                loading={signOut.isPending}
              />
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <LiveEvents />
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
