import { Alert, Container, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { fr } from '../i18n/fr.ts';
import { frCareRequests } from '../i18n/fr-care-requests.ts';
import { patientKey } from '../patients/patients-api.ts';
import type { NoticeState } from '../pattern/CreatePatternPage.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { useNotify } from '../ui/toast.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { CareRequestCard } from './CareRequestCard.tsx';
import {
  acceptCareRequest,
  conflictMessage,
  conflictReason,
  DASHBOARD_KEY,
  declineCareRequest,
  fetchCareRequest,
  fetchInbox,
  INBOX_KEY,
  SENT_KEY,
  type CareRequestView,
} from './care-requests-api.ts';
import { DeclineModal } from './DeclineModal.tsx';
import { acceptedFilePath } from './paths.ts';
import { RequestsNav } from './RequestsNav.tsx';
import { SwipeDeck } from './SwipeDeck.tsx';
import { useNow } from './useNow.ts';
import { useOffice } from './useOffice.ts';

const t = frCareRequests;

export function useInbox() {
  return useQuery({
    queryKey: INBOX_KEY,
    queryFn: ({ signal }) => fetchInbox(signal),
    refetchOnWindowFocus: true,
  });
}

/** "Demandes reçues" (D14): open requests for me, newest first, one card at a time. */
export function InboxPage() {
  usePageTitle(t.inbox.title);
  const query = useInbox();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notify = useNotify();
  const office = useOffice();
  const now = useNow();
  const [params] = useSearchParams();
  // The card shown is remembered by id: a new request arriving on top does not move it.
  const [currentId, setCurrentId] = useState<string | null>(params.get('demande'));
  const lastIndex = useRef(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [declining, setDeclining] = useState<string | null>(null);

  const items = query.data ?? [];
  let index = currentId === null ? 0 : items.findIndex((r) => r.id === currentId);
  // The card went away (answered, taken, expired): show the one that took its place.
  if (index < 0) index = Math.min(lastIndex.current, items.length - 1);
  index = Math.max(0, index);
  const current: CareRequestView | undefined = items[index];
  const shownId = current?.id ?? null;
  useEffect(() => {
    lastIndex.current = index;
    // Pin the card on screen, so that requests arriving on top do not push it away.
    if (shownId !== null) setCurrentId(shownId);
  }, [index, shownId]);

  /** The request left my pending list: drop it at once, then let the server confirm the counts. */
  const removeCard = async (id: string) => {
    queryClient.setQueryData<CareRequestView[]>(INBOX_KEY, (old) => old?.filter((r) => r.id !== id));
    await queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY });
    await queryClient.invalidateQueries({ queryKey: INBOX_KEY });
  };

  /** A 409 (already accepted, expired, cancelled…): say so where the card was, and drop it. */
  const onConflict = (error: unknown, id: string): boolean => {
    const message = conflictMessage(error);
    if (message === null) return false;
    setNotice(message);
    notify(message);
    void removeCard(id);
    return true;
  };

  const accept = useMutation({
    mutationFn: (id: string) => acceptCareRequest(id),
    onMutate: () => {
      setNotice(null);
    },
    onSuccess: async (file, id) => {
      // The winner gets the full file (D12): it opens at once, from the answer, in the patient screens.
      queryClient.setQueryData(patientKey(file.id), file);
      queryClient.setQueryData<CareRequestView[]>(INBOX_KEY, (old) => old?.filter((r) => r.id !== id));
      const state: NoticeState = { notice: t.patientFile.acceptedNotice };
      void navigate(acceptedFilePath(file.id, id), { state });
      window.scrollTo({ top: 0 });
      await queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY });
      await queryClient.invalidateQueries({ queryKey: SENT_KEY });
    },
    onError: (error, id) => {
      // A retry after a timeout whose first try went through: the request is mine, open its file.
      if (conflictReason(error) === 'already_accepted_by_you') {
        void removeCard(id);
        void fetchCareRequest(id).then(
          (view) => {
            if (view.view === 'privileged') void navigate(acceptedFilePath(view.patient.id, id));
          },
          () => undefined,
        );
        return;
      }
      if (onConflict(error, id)) accept.reset();
    },
  });

  const decline = useMutation({
    mutationFn: (input: { id: string; reason: string }) => declineCareRequest(input.id, input.reason),
    onMutate: () => {
      setNotice(null);
    },
    onSuccess: async (_, input) => {
      setDeclining(null);
      notify(t.card.declined);
      await removeCard(input.id);
    },
    onError: (error, input) => {
      if (onConflict(error, input.id)) {
        setDeclining(null);
        decline.reset();
      }
    },
  });

  const show = (next: number) => {
    const target = items[next];
    if (!target) return;
    accept.reset();
    setNotice(null);
    setCurrentId(target.id);
  };

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
  else if (!current)
    body = (
      <Stack gap={4} py="lg" align="center" ta="center">
        <Text fw={600}>{t.inbox.empty}</Text>
        <Text c="dimmed" size="sm">
          {t.inbox.emptyHint}
        </Text>
      </Stack>
    );
  else
    body = (
      <SwipeDeck
        index={index}
        count={items.length}
        onPrevious={() => {
          show(index - 1);
        }}
        onNext={() => {
          show(index + 1);
        }}
      >
        <CareRequestCard
          key={current.id}
          request={current}
          now={now}
          office={office}
          accepting={accept.isPending && accept.variables === current.id}
          busy={accept.isPending || decline.isPending}
          onAccept={() => {
            accept.mutate(current.id);
          }}
          onDecline={() => {
            decline.reset();
            setDeclining(current.id);
          }}
        >
          {accept.isError && accept.variables === current.id && (
            <ErrorAlert
              error={accept.error}
              onRetry={() => {
                accept.mutate(current.id);
              }}
              retrying={accept.isPending}
            />
          )}
        </CareRequestCard>
      </SwipeDeck>
    );

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <RequestsNav />
        <Stack gap={4}>
          <Title order={1} size="h2">
            {t.inbox.title}
          </Title>
          {items.length > 1 && (
            <Text size="sm" c="dimmed">
              {t.inbox.intro}
            </Text>
          )}
        </Stack>
        {notice && (
          <Alert
            color="orange"
            variant="light"
            role="alert"
            withCloseButton
            closeButtonLabel={fr.common.close}
            onClose={() => {
              setNotice(null);
            }}
          >
            <Text size="sm" fw={600}>
              {notice}
            </Text>
          </Alert>
        )}
        {body}
      </Stack>
      {declining !== null && (
        <DeclineModal
          opened
          onClose={() => {
            if (!decline.isPending) setDeclining(null);
          }}
          onConfirm={(reason) => {
            decline.mutate({ id: declining, reason });
          }}
          pending={decline.isPending}
          error={decline.error}
        />
      )}
    </Container>
  );
}
