import { Anchor, Group, Loader, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useDashboard } from '../care-requests/useDashboard.ts';
import { frMessaging } from '../i18n/fr-messaging.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { MESSAGING_PATH, NEW_THREAD_PATH } from './paths.ts';
import { CountCircle } from '../ui/CountCircle.tsx';

const t = frMessaging.menu;

/** The home page's way in to the Messagerie, with the unread count (D19) that live events keep current. */
export function MessagingMenu() {
  const dashboard = useDashboard();
  const count = dashboard.data?.unreadMessages ?? 0;
  return (
    <Paper withBorder p="md" component="nav" aria-labelledby="menu-messaging">
      <Stack gap="sm">
        <Title order={2} size="h4" id="menu-messaging">
          {t.title}
        </Title>
        {dashboard.isError ? (
          <ErrorAlert
            error={dashboard.error}
            kind="read"
            onRetry={() => {
              void dashboard.refetch();
            }}
            retrying={dashboard.isFetching}
          />
        ) : (
          <UnstyledButton
            component={Link}
            to={MESSAGING_PATH}
            p="sm"
            bg={count > 0 ? 'blue.0' : 'gray.0'}
            style={{
              borderRadius: 'var(--mantine-radius-md)',
              border: '1px solid var(--mantine-color-gray-3)',
            }}
            aria-label={t.label(count)}
            data-testid="messaging-entry"
          >
            <Group gap="md" wrap="nowrap">
              {dashboard.isPending ? (
                <Loader size="sm" aria-label={t.title} />
              ) : (
                <CountCircle count={count} testId="dashboard-unread-messages" max={99} />
              )}
              <div>
                <Text fw={700}>{t.unread(count)}</Text>
                <Text size="sm" c="blue.9" fw={600}>
                  {t.open}
                </Text>
              </div>
            </Group>
          </UnstyledButton>
        )}
        <Anchor component={Link} to={NEW_THREAD_PATH} fw={600}>
          + {frMessaging.list.newMessage}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t.hint}
        </Text>
      </Stack>
    </Paper>
  );
}
