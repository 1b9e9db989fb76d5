import { Badge, Container, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { formatShortInstant } from '../care-requests/format.ts';
import { frAssessments } from '../i18n/fr-assessments.ts';
import { personName } from '../patients/patient-form.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import {
  ALERTS_KEY,
  fetchAlerts,
  markAlertRead,
  patientPath,
  refreshAlerts,
  type Alert,
} from './assessments-api.ts';

const t = frAssessments.alerts;

/** Unread first, then newest first. */
function ordered(alerts: Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || b.createdAt.localeCompare(a.createdAt),
  );
}

function AlertCard({ alert, onOpen }: { alert: Alert; onOpen: () => void }) {
  const unread = alert.readAt === null;
  const patient = personName(alert.patient);
  return (
    <UnstyledButton
      onClick={onOpen}
      aria-label={`${t.open(patient)}${unread ? ` (${t.unread.toLowerCase()})` : ''}`}
      style={{ display: 'block', width: '100%' }}
    >
      <Paper
        withBorder
        p="md"
        bg={unread ? 'red.0' : undefined}
        style={unread ? { borderLeft: '5px solid var(--mantine-color-red-9)' } : undefined}
        data-unread={unread}
      >
        <Stack gap={6}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Text fw={700} size="lg" style={{ overflowWrap: 'anywhere' }}>
              {patient}
            </Text>
            {unread && (
              <Badge color="red.9" variant="filled" tt="none">
                {t.unread}
              </Badge>
            )}
          </Group>
          <Stack gap={2} component="ul" m={0} pl="md">
            {alert.indicators.map((indicator) => (
              <Text key={indicator.code} component="li" size="sm" fw={unread ? 700 : 500} c="red.9">
                {indicator.label}
              </Text>
            ))}
          </Stack>
          <Text size="sm" c="dimmed">
            {t.by(personName(alert.author), formatShortInstant(alert.createdAt))}
          </Text>
        </Stack>
      </Paper>
    </UnstyledButton>
  );
}

/** "Remontées d'indicateurs négatifs" (D17): unread first; a tap marks it read and opens the patient's file. */
export function AlertsPage() {
  usePageTitle(t.title);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ALERTS_KEY,
    queryFn: ({ signal }) => fetchAlerts(signal),
    staleTime: 0,
    refetchOnWindowFocus: true,
  });
  const read = useMutation({
    mutationFn: (id: string) => markAlertRead(id),
    onMutate: (id) => {
      // Read at once on this phone; the server confirms behind the navigation.
      const now = new Date().toISOString();
      queryClient.setQueryData<Alert[]>(ALERTS_KEY, (old) =>
        old?.map((a) => (a.id === id && a.readAt === null ? { ...a, readAt: now } : a)),
      );
    },
    onSettled: () => refreshAlerts(queryClient),
  });

  let body: React.ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError)
    body = (
      <ErrorAlert
        error={query.error}
        kind="read"
        onRetry={() => {
          void query.refetch();
        }}
        retrying={query.isFetching}
      />
    );
  else if (query.data.length === 0)
    body = (
      <Stack gap={4} py="lg" align="center" ta="center">
        <Text fw={600}>{t.empty}</Text>
        <Text c="dimmed" size="sm">
          {t.emptyHint}
        </Text>
      </Stack>
    );
  else {
    const unread = query.data.filter((a) => a.readAt === null).length;
    body = (
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t.count(unread, query.data.length)}
        </Text>
        {ordered(query.data).map((alert) => (
          <AlertCard
            key={alert.id}
            alert={alert}
            onOpen={() => {
              if (alert.readAt === null) read.mutate(alert.id);
              void navigate(patientPath(alert.patient.id));
            }}
          />
        ))}
      </Stack>
    );
  }

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Title order={1} size="h2">
          {t.title}
        </Title>
        {body}
      </Stack>
    </Container>
  );
}
