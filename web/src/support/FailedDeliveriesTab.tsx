import { Badge, Button, Group, Loader, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import type { OutboxDelivery } from '@relais/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fr } from '../i18n/fr.ts';
import { deliveryKindLabel, frNotifications } from '../i18n/fr-notifications.ts';
import {
  FAILED_DELIVERIES_KEY,
  listFailedDeliveries,
  retryDelivery,
  type DeliveryChannel,
} from '../notifications/notifications-api.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { useNotify } from '../ui/toast.tsx';

const t = frNotifications.failed;
const CHANNEL_OPTIONS: { value: DeliveryChannel | ''; label: string }[] = [
  { value: '', label: t.all },
  { value: 'push', label: t.channels.push },
  { value: 'sms', label: t.channels.sms },
  { value: 'email', label: t.channels.email },
];
const CHANNEL_COLOUR: Record<DeliveryChannel, string> = { push: 'blue', sms: 'grape', email: 'teal' };

const when = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'short',
});

function isChannel(value: string): value is DeliveryChannel | '' {
  return CHANNEL_OPTIONS.some((option) => option.value === value);
}

function personOf(delivery: OutboxDelivery): string {
  return delivery.user ? `${delivery.user.firstName} ${delivery.user.lastName}` : t.noUser;
}

/** "Envois en échec": dead deliveries (no body, ever), filtered by channel or professional, each retryable. */
export function FailedDeliveriesTab() {
  const [channel, setChannel] = useState<DeliveryChannel | ''>('');
  const [user, setUser] = useState<OutboxDelivery['user']>(null);
  const filter = { channel: channel || undefined, userId: user?.id };
  const query = useQuery({
    queryKey: [...FAILED_DELIVERIES_KEY, filter],
    queryFn: ({ signal }) => listFailedDeliveries(filter, signal),
    placeholderData: keepPreviousData,
  });
  const filtered = channel !== '' || user !== null;

  return (
    <Stack gap="md">
      <Text size="sm">{t.intro}</Text>
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label={t.channel}
          data={CHANNEL_OPTIONS}
          value={channel}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isChannel(value)) setChannel(value);
          }}
          size="md"
          style={{ minWidth: '10rem' }}
        />
        {user && (
          <Button
            variant="default"
            size="md"
            onClick={() => {
              setUser(null);
            }}
          >
            {t.clearUser}
          </Button>
        )}
      </Group>
      {user && (
        <Text size="sm" fw={600}>
          {t.userFilter(personOf({ user } as OutboxDelivery))}
        </Text>
      )}

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
        <>
          <Group gap="xs">
            <Text size="sm" c="dimmed" aria-live="polite">
              {query.data.length === 0 ? (filtered ? t.emptyFiltered : t.empty) : t.count(query.data.length)}
            </Text>
            {query.isFetching && <Loader size="xs" aria-label={fr.app.loading} />}
          </Group>
          <Stack
            gap="md"
            component="ul"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-busy={query.isFetching}
          >
            {query.data.map((delivery) => (
              <li key={delivery.id}>
                <DeliveryCard
                  delivery={delivery}
                  onOnlyUser={
                    delivery.user && !user
                      ? () => {
                          setUser(delivery.user);
                        }
                      : null
                  }
                />
              </li>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}

function DeliveryCard({
  delivery,
  onOnlyUser,
}: {
  delivery: OutboxDelivery;
  onOnlyUser: (() => void) | null;
}) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const person = personOf(delivery);
  const channelName = t.channels[delivery.channel];
  const retry = useMutation({
    mutationFn: () => retryDelivery(delivery.id),
    onSuccess: async () => {
      notify(t.retried);
      await queryClient.invalidateQueries({ queryKey: FAILED_DELIVERIES_KEY });
    },
  });

  return (
    <Paper withBorder p="md" component="article" aria-label={`${person}, ${channelName}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={700}>{person}</Text>
          <Badge color={CHANNEL_COLOUR[delivery.channel]} variant="light" size="lg">
            {channelName}
          </Badge>
        </Group>
        <Text size="sm">{deliveryKindLabel(delivery.kind)}</Text>
        <Text size="sm" c="dimmed">
          {t.createdAt} {when.format(new Date(delivery.createdAt))} · {t.attempts(delivery.attempts)}
        </Text>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t.lastError}
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {delivery.lastError ?? t.noError}
          </Text>
        </div>
        {retry.isError && <ErrorAlert error={retry.error} />}
        <Group gap="sm">
          <Button
            size="md"
            onClick={() => {
              retry.mutate();
            }}
            loading={retry.isPending}
            aria-label={t.retryLabel(person, channelName)}
          >
            {t.retry}
          </Button>
          {onOnlyUser && (
            <Button size="md" variant="subtle" onClick={onOnlyUser}>
              {t.onlyUser}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
