import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { frNotifications } from '../i18n/fr-notifications.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { useNotify } from '../ui/toast.tsx';
import { disablePush, enablePush, PushSetupError, readPushState, type PushState } from './push-device.ts';

const t = frNotifications.device;
export const PUSH_STATE_KEY = ['device', 'push'] as const;

/** What the browser refused, in words, with what to do; null for errors the API alert explains. */
function setupProblem(error: unknown): { title: string; how: string } | null {
  if (!(error instanceof PushSetupError)) return null;
  switch (error.reason) {
    case 'denied':
      return { title: t.denied, how: t.deniedHow };
    case 'dismissed':
      return { title: t.dismissed, how: '' };
    case 'unsupported':
      return { title: t.unsupported, how: t.unsupportedHow };
    case 'push-service':
      return { title: t.pushService(error.detail ?? '—'), how: '' };
  }
}

/** "Notifications sur cet appareil": enable (permission + subscription), the state, and disable. */
export function PushDeviceSection() {
  const headingId = useId();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const state = useQuery({ queryKey: PUSH_STATE_KEY, queryFn: readPushState, staleTime: Infinity });

  const settle = (next: PushState) => {
    queryClient.setQueryData(PUSH_STATE_KEY, next);
  };
  const enable = useMutation({
    mutationFn: enablePush,
    onSuccess: (next) => {
      settle(next);
      notify(t.enabled);
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: PUSH_STATE_KEY }),
  });
  const disable = useMutation({
    mutationFn: disablePush,
    onSuccess: (next) => {
      settle(next);
      notify(t.disabled);
    },
  });
  const busy = enable.isPending || disable.isPending;
  const problem = setupProblem(enable.error);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {t.title}
        </Title>
        <Text size="sm">{t.intro}</Text>
        <div aria-live="polite">
          <DeviceState state={state.data} checking={state.isPending} />
        </div>
        {state.data?.kind === 'off' && (
          <Button
            size="lg"
            fullWidth
            h="auto"
            py="sm"
            styles={{ label: { whiteSpace: 'normal', textAlign: 'center', lineHeight: 1.3 } }}
            onClick={() => {
              disable.reset();
              enable.mutate();
            }}
            loading={enable.isPending}
            disabled={busy}
          >
            {t.enable}
          </Button>
        )}
        {state.data?.kind === 'denied' && (
          <Button variant="default" size="md" onClick={() => void state.refetch()} loading={state.isFetching}>
            {t.recheck}
          </Button>
        )}
        {state.data?.kind === 'on' && (
          <Button
            variant="default"
            size="md"
            aria-label={t.disableLabel}
            onClick={() => {
              enable.reset();
              if (state.data?.kind === 'on') disable.mutate(state.data.subscriptionId);
            }}
            loading={disable.isPending}
            disabled={busy}
          >
            {t.disable}
          </Button>
        )}
        {problem && state.data?.kind !== 'denied' && (
          <Alert color="orange" variant="light" role="alert">
            <Stack gap={4}>
              <Text size="sm">{problem.title}</Text>
              {problem.how && <Text size="sm">{problem.how}</Text>}
            </Stack>
          </Alert>
        )}
        {enable.isError && !problem && (
          <ErrorAlert
            error={enable.error}
            onRetry={() => {
              enable.mutate();
            }}
          />
        )}
        {disable.isError && (
          <ErrorAlert
            error={disable.error}
            onRetry={() => {
              if (disable.variables) disable.mutate(disable.variables);
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}

function DeviceState({ state, checking }: { state: PushState | undefined; checking: boolean }) {
  if (checking || !state) {
    return (
      <Text size="sm" c="dimmed" role="status">
        {t.checking}
      </Text>
    );
  }
  switch (state.kind) {
    case 'on':
      return (
        <Stack gap={2} role="status">
          <Text size="sm" fw={700} c="green.9">
            <span aria-hidden="true">✓ </span>
            {t.on}
          </Text>
          <Text size="sm" c="dimmed">
            {t.onHint}
          </Text>
        </Stack>
      );
    case 'off':
      return (
        <Text size="sm" fw={600} role="status">
          {t.off}
        </Text>
      );
    case 'denied':
      return (
        <Alert color="orange" variant="light" role="status" title={t.denied}>
          <Text size="sm">{t.deniedHow}</Text>
        </Alert>
      );
    case 'unsupported':
      return (
        <Alert color="gray" variant="light" role="status" title={t.unsupported}>
          <Text size="sm">{t.unsupportedHow}</Text>
        </Alert>
      );
    case 'needs-install':
      return (
        <Alert color="blue" variant="light" role="status" title={t.needsInstall}>
          <Text size="sm">{t.needsInstallHow}</Text>
        </Alert>
      );
  }
}
