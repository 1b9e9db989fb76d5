import { Anchor, Group, Loader, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { INBOX_PATH, SENT_PATH } from './paths.ts';
import { useDashboard } from './useDashboard.ts';
import { CountCircle } from '../ui/CountCircle.tsx';

const t = frCareRequests;

/** The home screen's dashboard (D14): pending requests, a tap away from the inbox; live-updated. */
export function RequestsDashboard() {
  const dashboard = useDashboard();
  const count = dashboard.data?.pendingRequests ?? 0;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="dashboard-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="dashboard-title">
          {t.dashboard.title}
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
            to={INBOX_PATH}
            p="sm"
            bg={count > 0 ? 'blue.0' : 'gray.0'}
            style={{
              borderRadius: 'var(--mantine-radius-md)',
              border: '1px solid var(--mantine-color-gray-3)',
            }}
            aria-label={t.badge.label(count)}
          >
            <Group gap="md" wrap="nowrap">
              {dashboard.isPending ? (
                <Loader size="sm" aria-label={frCareRequests.nav.inbox} />
              ) : (
                <CountCircle count={count} testId="dashboard-pending" />
              )}
              <div>
                <Text fw={700}>{t.nav.inbox}</Text>
                <Text size="sm" c="dimmed">
                  {t.dashboard.pending(count)}
                </Text>
                <Text size="sm" c="blue.9" fw={600}>
                  {t.dashboard.openInbox}
                </Text>
              </div>
            </Group>
          </UnstyledButton>
        )}
        <Anchor component={Link} to={SENT_PATH} fw={600}>
          {t.dashboard.openSent}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t.dashboard.createHint}
        </Text>
      </Stack>
    </Paper>
  );
}
