import { Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { NotificationKind, type NotificationChannels } from '@relais/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { frNotifications } from '../i18n/fr-notifications.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { useNotify } from '../ui/toast.tsx';
import { CHANNELS_KEY, fetchChannels, saveChannels } from './notifications-api.ts';

const t = frNotifications.channels;
const KINDS = NotificationKind.options;
type Channel = keyof NotificationChannels[NotificationKind];

/** Push and/or SMS per kind; each switch saves at once (the screen shows the server's answer). */
export function ChannelsSection() {
  const headingId = useId();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const query = useQuery({ queryKey: CHANNELS_KEY, queryFn: ({ signal }) => fetchChannels(signal) });

  const mutation = useMutation({
    mutationFn: saveChannels,
    onMutate: async (next) => {
      await queryClient.cancelQueries({ queryKey: CHANNELS_KEY });
      const before = queryClient.getQueryData<NotificationChannels>(CHANNELS_KEY);
      queryClient.setQueryData(CHANNELS_KEY, next);
      return { before };
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(CHANNELS_KEY, saved);
      notify(t.saved);
    },
    onError: (_error, _next, context) => {
      // The switch goes back to what the server holds.
      if (context?.before) queryClient.setQueryData(CHANNELS_KEY, context.before);
    },
  });

  const toggle = (kind: NotificationKind, channel: Channel, on: boolean) => {
    const current = query.data;
    if (!current) return;
    mutation.mutate({ ...current, [kind]: { ...current[kind], [channel]: on } });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {t.title}
        </Title>
        <Text size="sm">{t.intro}</Text>
        {query.isPending && <PageLoader />}
        {query.isError && (
          <ErrorAlert
            error={query.error}
            kind="read"
            onRetry={() => void query.refetch()}
            retrying={query.isFetching}
          />
        )}
        {query.data && (
          <Stack gap="md" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {KINDS.map((kind) => (
              <KindRow
                key={kind}
                kind={kind}
                value={query.data[kind]}
                disabled={mutation.isPending}
                onToggle={(channel, on) => {
                  toggle(kind, channel, on);
                }}
              />
            ))}
          </Stack>
        )}
        {mutation.isError && (
          <ErrorAlert
            error={mutation.error}
            onRetry={() => {
              mutation.mutate(mutation.variables);
            }}
          />
        )}
        <Text size="sm" c="dimmed">
          {t.smsNote}
        </Text>
        <Text size="sm" c="dimmed">
          {t.emailNote}
        </Text>
      </Stack>
    </Paper>
  );
}

function KindRow({
  kind,
  value,
  disabled,
  onToggle,
}: {
  kind: NotificationKind;
  value: NotificationChannels[NotificationKind];
  disabled: boolean;
  onToggle: (channel: Channel, on: boolean) => void;
}) {
  const labelId = useId();
  const name = t.kinds[kind];
  return (
    <Stack gap={6} component="li" aria-labelledby={labelId}>
      <div>
        <Text fw={600} id={labelId}>
          {name}
        </Text>
        <Text size="sm" c="dimmed">
          {t.hints[kind]}
        </Text>
      </div>
      <Group gap="xl">
        {(['push', 'sms'] as const).map((channel) => (
          <Switch
            key={channel}
            size="lg"
            label={t[channel]}
            aria-label={t.toggleLabel(t[channel], name)}
            checked={value[channel]}
            disabled={disabled}
            onChange={(event) => {
              onToggle(channel, event.currentTarget.checked);
            }}
            styles={{ body: { alignItems: 'center', minHeight: 44 } }}
          />
        ))}
      </Group>
      {!value.push && !value.sms && (
        <Text size="sm" c="orange.9">
          {t.none}
        </Text>
      )}
    </Stack>
  );
}
