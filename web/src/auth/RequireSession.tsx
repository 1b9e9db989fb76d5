import { Container } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import type { Me } from './auth-api.ts';
import { homeFor, startPath, useMe } from './session.ts';

interface RequireSessionProps {
  /** Only this role may see the page; the other lands on its own home. */
  role?: Me['user']['role'];
  children: ReactNode;
}

/** Routes behind a session: no session → the start screen; a temporary password → change it first. */
export function RequireSession({ role, children }: RequireSessionProps) {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <PageLoader />;
  if (me.isError) {
    return (
      <Container size="xs" px={0}>
        <ErrorAlert
          error={me.error}
          onRetry={() => {
            void me.refetch();
          }}
          retrying={me.isFetching}
          kind="read"
        />
      </Container>
    );
  }
  if (!me.data) return <Navigate to={startPath()} replace />;
  if (me.data.mustChangePassword && location.pathname !== '/mot-de-passe') {
    return <Navigate to="/mot-de-passe" replace />;
  }
  if (role && me.data.user.role !== role) return <Navigate to={homeFor(me.data.user.role)} replace />;
  return children;
}
