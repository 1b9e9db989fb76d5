import { Badge, Button, Group } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { useDashboard } from './useDashboard.ts';

const t = frCareRequests.nav;

/** Switches between received and sent requests; the received count is the dashboard's (D14). */
export function RequestsNav() {
  const { pathname } = useLocation();
  const pending = useDashboard().data?.pendingRequests ?? 0;
  const links = [
    { to: '/demandes', label: t.inboxTab, name: t.inbox, count: pending },
    { to: '/demandes/envoyees', label: t.sentTab, name: t.sent, count: 0 },
  ];
  return (
    <Group component="nav" aria-label={t.section} gap="xs" grow wrap="nowrap">
      {links.map((link) => {
        const current = pathname === link.to;
        return (
          <Button
            key={link.to}
            component={Link}
            to={link.to}
            variant={current ? 'filled' : 'light'}
            aria-current={current ? 'page' : undefined}
            aria-label={link.count > 0 ? `${link.name} (${link.count})` : link.name}
            size="sm"
            px="xs"
            rightSection={
              link.count > 0 ? (
                <Badge size="sm" circle color={current ? 'white' : 'red.9'} c={current ? 'blue.9' : 'white'}>
                  {link.count}
                </Badge>
              ) : undefined
            }
          >
            {link.label}
          </Button>
        );
      })}
    </Group>
  );
}
