import { Group, Loader, NavLink, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useDashboard } from '../care-requests/useDashboard.ts';
import { frAssessments } from '../i18n/fr-assessments.ts';
import { ALERTS_PATH, ARCHIVES_PATH } from './assessments-api.ts';
import { CountCircle } from '../ui/CountCircle.tsx';

const t = frAssessments.menu;

/** On the home page (D14): the unread negative-indicator alerts, a tap away from their list, and "Mes archives". */
export function AssessmentsMenu() {
  const dashboard = useDashboard();
  const count = dashboard.data?.unreadAlerts ?? 0;
  return (
    <Paper withBorder p="md" component="nav" aria-labelledby="menu-assessments">
      <Stack gap="sm">
        <Title order={2} size="h4" id="menu-assessments">
          {t.title}
        </Title>
        <UnstyledButton
          component={Link}
          to={ALERTS_PATH}
          p="sm"
          bg={count > 0 ? 'red.0' : 'gray.0'}
          style={{
            borderRadius: 'var(--mantine-radius-md)',
            border: `1px solid var(--mantine-color-${count > 0 ? 'red-3' : 'gray-3'})`,
          }}
          aria-label={t.alertsLabel(count)}
        >
          <Group gap="md" wrap="nowrap">
            {dashboard.isPending ? (
              <Loader size="sm" aria-label={t.alerts} />
            ) : (
              <CountCircle count={count} testId="dashboard-alerts" />
            )}
            <div>
              <Text fw={700}>{t.alerts}</Text>
              <Text size="sm" c="dimmed">
                {dashboard.isError ? '' : t.unread(count)}
              </Text>
            </div>
          </Group>
        </UnstyledButton>
        <NavLink
          component={Link}
          to={ARCHIVES_PATH}
          label={t.archives}
          description={t.archivesHint}
          rightSection={<span aria-hidden="true">›</span>}
          styles={{ label: { fontWeight: 600 } }}
        />
      </Stack>
    </Paper>
  );
}
