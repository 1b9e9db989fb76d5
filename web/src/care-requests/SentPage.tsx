import { Button, Container, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { fr } from '../i18n/fr.ts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { useNotify } from '../ui/toast.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import {
  cancelCareRequest,
  CARE_REQUESTS_KEY,
  conflictReason,
  DASHBOARD_KEY,
  fetchSent,
  SENT_KEY,
  type SentRequest,
} from './care-requests-api.ts';
import { careTypeLabel, formatRemaining, formatShortInstant, formatWhen, professionName } from './format.ts';
import { RelaunchModal } from './RelaunchModal.tsx';
import { SentStatusBadge } from './SentStatusBadge.tsx';
import { RequestsNav } from './RequestsNav.tsx';
import { useNow } from './useNow.ts';

const t = frCareRequests.sent;

function CancelModal({ request, onClose }: { request: SentRequest; onClose: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const mutation = useMutation({
    mutationFn: () => cancelCareRequest(request.id),
    onSuccess: async () => {
      notify(t.cancelled_notice);
      onClose();
      await queryClient.invalidateQueries({ queryKey: CARE_REQUESTS_KEY });
      await queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY });
    },
    onError: async (error) => {
      // Accepted or expired meanwhile (or cancelled by a first try that timed out): the list tells.
      if (conflictReason(error) !== null) {
        if (conflictReason(error) === 'cancelled') notify(t.cancelled_notice);
        onClose();
        await queryClient.invalidateQueries({ queryKey: SENT_KEY });
      }
    },
  });
  return (
    <Modal
      opened
      onClose={() => {
        if (!mutation.isPending) onClose();
      }}
      title={t.cancelTitle}
      closeButtonProps={{ 'aria-label': fr.common.close }}
      centered
    >
      <Stack gap="md">
        <Text size="sm">{t.cancelText}</Text>
        <ErrorAlert
          error={mutation.error}
          onRetry={() => {
            mutation.mutate();
          }}
          retrying={mutation.isPending}
        />
        <Stack gap="sm">
          <Button
            color="red.9"
            loading={mutation.isPending}
            onClick={() => {
              mutation.mutate();
            }}
            fullWidth
          >
            {t.cancelConfirm}
          </Button>
          {/* Focus lands on the harmless choice: Enter must not cancel a request by accident. */}
          <Button variant="default" onClick={onClose} disabled={mutation.isPending} fullWidth data-autofocus>
            {t.cancelKeep}
          </Button>
        </Stack>
      </Stack>
    </Modal>
  );
}

function SentCard({
  request,
  now,
  onCancel,
  onRelaunch,
}: {
  request: SentRequest;
  now: number;
  onCancel: () => void;
  onRelaunch: () => void;
}) {
  const titleId = useId();
  const profession = professionName(request.profession) ?? request.profession;
  const counts = `${t.recipients(request.recipients)} · ${t.declines(request.declines)}`;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Title order={2} size="h4" id={titleId}>
              {careTypeLabel(request.careType)}
            </Title>
            <Text size="sm" c="dimmed">
              {profession}
            </Text>
          </div>
          <SentStatusBadge request={request} />
        </Group>
        <Text fw={600}>{t.patient(`${request.patient.firstName} ${request.patient.lastName}`)}</Text>
        <Text size="sm">{counts}</Text>
        <Text size="sm" c="dimmed">
          {t.createdAt(formatShortInstant(request.createdAt))}
        </Text>
        {request.status === 'open' && (
          <Text size="sm">
            {t.deadline(formatWhen(request.expiresAt, new Date(now)))} (
            {formatRemaining(request.expiresAt, now)})
          </Text>
        )}
        {request.status === 'accepted' && request.acceptedAt && (
          <Text size="sm" c="dimmed">
            {t.acceptedAt(formatShortInstant(request.acceptedAt))}
          </Text>
        )}
        {request.status === 'expired' && (
          <Text size="sm" c="dimmed">
            {t.expiredAt(formatShortInstant(request.expiresAt))}
          </Text>
        )}
        {request.status === 'open' && (
          <Button variant="default" color="red" onClick={onCancel} mt={4}>
            {t.cancel}
          </Button>
        )}
        {(request.status === 'expired' || request.status === 'cancelled') && (
          <Button variant="light" onClick={onRelaunch} mt={4}>
            {t.relaunch}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

/** "Demandes envoyées": my requests as déclencheur, their phase, recipients, declines and who accepted. */
export function SentPage() {
  usePageTitle(t.title);
  const now = useNow();
  const query = useQuery({
    queryKey: SENT_KEY,
    queryFn: ({ signal }) => fetchSent(signal),
    refetchOnWindowFocus: true,
    // Every visit reads afresh (declines and the pool's opening come with no live event), then a slow poll.
    staleTime: 0,
    // Declines and the opening of the pool come with no live event: a slow poll keeps the counts fresh.
    refetchInterval: 60_000,
  });
  const [cancelling, setCancelling] = useState<SentRequest | null>(null);
  const [relaunching, setRelaunching] = useState<SentRequest | null>(null);

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
  else
    body = (
      <Stack gap="md">
        {query.data.map((request) => (
          <SentCard
            key={request.id}
            request={request}
            now={now}
            onCancel={() => {
              setCancelling(request);
            }}
            onRelaunch={() => {
              setRelaunching(request);
            }}
          />
        ))}
      </Stack>
    );

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <RequestsNav />
        <Title order={1} size="h2">
          {t.title}
        </Title>
        {body}
      </Stack>
      {cancelling && (
        <CancelModal
          request={cancelling}
          onClose={() => {
            setCancelling(null);
          }}
        />
      )}
      {relaunching && (
        <RelaunchModal
          request={relaunching}
          onClose={() => {
            setRelaunching(null);
          }}
        />
      )}
    </Container>
  );
}
