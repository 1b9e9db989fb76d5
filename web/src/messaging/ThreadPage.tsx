import { ActionIcon, Anchor, Box, Container, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { useDocumentVisibility } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, isApiError } from '../api/client.ts';
import { useCachedMe } from '../auth/session.ts';
import { DASHBOARD_KEY } from '../care-requests/care-requests-api.ts';
import { personName, professionName } from '../care-requests/format.ts';
import { frMessaging } from '../i18n/fr-messaging.ts';
import { ErrorAlert, InfoAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Composer } from './Composer.tsx';
import { isGroup, othersIn, participantLabel, threadTitle } from './format.ts';
import { LeaveThreadModal } from './LeaveThreadModal.tsx';
import { refreshThreadMessages } from './live-messaging.ts';
import { MessageList } from './MessageList.tsx';
import {
  fetchMessages,
  fetchThread,
  markThreadRead,
  messagesKey,
  olderPageParam,
  THREADS_KEY,
  threadKey,
  type Message,
  type Participant,
  type ThreadSummary,
} from './messaging-api.ts';
import { MESSAGING_PATH } from './paths.ts';
import { useThreads } from './useThreads.ts';

const t = frMessaging.thread;
/**
 * Reading a thread sends no live event to the others, so the "lu" under my message is read again this often
 * while the thread is on screen (and on each return to the app).
 */
const RECEIPT_POLL_MS = 60_000;

/** "Lu" (between two), "Lu par tous" / "Lu par Karim, Sophie" (groups), under my last message. */
function receiptFor(
  messages: Message[],
  myId: string,
  thread: ThreadSummary | undefined,
  people: Map<string, Participant>,
): { messageId: string; text: string } | null {
  const mine = [...messages].reverse().find((m) => m.authorId === myId);
  if (!mine || mine.readBy.length === 0) return null;
  if (!thread || !isGroup(thread, myId)) return { messageId: mine.id, text: t.read };
  const others = othersIn(thread, myId);
  if (others.length > 0 && others.every((p) => mine.readBy.includes(p.id)))
    return { messageId: mine.id, text: t.readByAll };
  const names = mine.readBy.map((id) => people.get(id)?.firstName).filter((n): n is string => Boolean(n));
  return names.length > 0 ? { messageId: mine.id, text: t.readBy(names) } : null;
}

function MoreIcon() {
  return (
    <svg width={22} height={22} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="5" r="2" fill="currentColor" />
      <circle cx="12" cy="12" r="2" fill="currentColor" />
      <circle cx="12" cy="19" r="2" fill="currentColor" />
    </svg>
  );
}

/**
 * A thread (D19): messages as bubbles, older ones as you scroll up, the composer at the bottom; new messages
 * arrive live and are marked read while the thread is on screen. Push notifications open this path.
 */
export function ThreadPage() {
  const { id = '' } = useParams();
  // A fresh screen per thread: scroll, read marks and drafts never carry over to another one.
  return <ThreadScreen key={id} id={id} />;
}

function ThreadScreen({ id }: { id: string }) {
  const me = useCachedMe();
  const myId = me?.user.id ?? '';
  const queryClient = useQueryClient();
  const visibility = useDocumentVisibility();
  const threads = useThreads();
  // The list has the 100 most recent threads; an older one (opened from a notification) is read on its own.
  const listed = threads.data?.find((th) => th.id === id);
  const single = useQuery({
    queryKey: threadKey(id),
    queryFn: ({ signal }) => fetchThread(id, signal),
    enabled: threads.isSuccess && !listed,
  });
  const thread = listed ?? single.data;
  const [leaving, setLeaving] = useState(false);
  usePageTitle(thread ? threadTitle(thread, myId) : t.fallbackTitle);

  const pages = useInfiniteQuery({
    queryKey: messagesKey(id),
    queryFn: ({ pageParam, signal }) => fetchMessages(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: olderPageParam,
    // Every visit reads afresh (the "lu" of my messages changes without an event); live events keep it current.
    staleTime: 0,
    refetchOnWindowFocus: false,
  });
  const messages = useMemo(() => (pages.data ? pages.data.pages.flat().reverse() : []), [pages.data]);
  const people = useMemo(() => new Map((thread?.participants ?? []).map((p) => [p.id, p])), [thread]);

  const markRead = useMutation({
    mutationFn: () => markThreadRead(id),
    onSuccess: async () => {
      queryClient.setQueryData<ThreadSummary[]>(THREADS_KEY, (old) =>
        old?.map((th) => (th.id === id ? { ...th, unread: 0 } : th)),
      );
      await queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY });
    },
  });
  const { mutate: markReadMutate } = markRead;

  // Marked read on opening, then whenever someone else's message arrives while the thread is on screen.
  const newestFromOthers = [...messages].reverse().find((m) => m.authorId !== myId)?.id ?? 'none';
  const marked = useRef<string | null>(null);
  const loaded = pages.isSuccess;
  useEffect(() => {
    if (!loaded || visibility !== 'visible' || marked.current === newestFromOthers) return;
    marked.current = newestFromOthers;
    markReadMutate(undefined, {
      onError: () => {
        marked.current = null;
      },
    });
  }, [loaded, visibility, newestFromOthers, markReadMutate]);

  // The others' "lu" comes live (thread.read); read again now and then too, and on each return to the app, in
  // case the socket was down.
  useEffect(() => {
    if (!loaded || visibility !== 'visible') return;
    void refreshThreadMessages(queryClient, id);
    const timer = setInterval(() => {
      void refreshThreadMessages(queryClient, id);
    }, RECEIPT_POLL_MS);
    return () => {
      clearInterval(timer);
    };
  }, [loaded, visibility, queryClient, id]);

  const others = thread ? othersIn(thread, myId) : [];
  const gone = thread ? thread.participants.filter((p) => p.id !== myId && p.left) : [];
  const group = thread ? isGroup(thread, myId) : new Set(messages.map((m) => m.authorId)).size > 2;
  // Under the title: who, with their profession; the title already names them when there is no subject.
  const subtitle = !thread
    ? null
    : thread.subject
      ? [group ? t.group(others.length + 1) : null, others.map(participantLabel).join(', ')]
          .filter(Boolean)
          .join(' · ')
      : group
        ? t.group(others.length + 1)
        : (professionName(others[0]?.profession ?? null) ?? null);

  let body: React.ReactNode;
  if (pages.isPending) body = <PageLoader />;
  else if (pages.isError && !pages.data)
    body = (
      <Stack gap="sm">
        <ErrorAlert
          error={isApiError(pages.error, 404) ? new ApiError(404, 'not_found', t.notFound) : pages.error}
          kind="read"
          onRetry={
            isApiError(pages.error, 404)
              ? undefined
              : () => {
                  void pages.refetch();
                }
          }
          retrying={pages.isFetching}
        />
      </Stack>
    );
  else
    body = (
      <>
        <MessageList
          messages={messages}
          myId={myId}
          people={people}
          group={group}
          hasOlder={pages.hasNextPage}
          loadingOlder={pages.isFetchingNextPage}
          olderError={pages.isFetchNextPageError ? pages.error : null}
          onLoadOlder={() => {
            void pages.fetchNextPage();
          }}
          receipt={receiptFor(messages, myId, thread, people)}
        />
        {thread && others.length === 0 && (
          <Box mb="xs">
            <InfoAlert>{t.alone}</InfoAlert>
          </Box>
        )}
        <Composer threadId={id} />
      </>
    );

  return (
    <Container
      size="sm"
      px={0}
      style={{
        display: 'flex',
        flexDirection: 'column',
        height: 'calc(100dvh - var(--app-shell-header-offset, 0rem) - var(--app-shell-padding))',
        marginBottom: 'calc(-1 * var(--app-shell-padding))',
      }}
    >
      <Stack
        gap={2}
        pb="xs"
        mb={4}
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', flexShrink: 0 }}
      >
        <Anchor component={Link} to={MESSAGING_PATH} size="sm">
          ← {t.back}
        </Anchor>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Title order={1} size="h4" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {thread ? threadTitle(thread, myId) : t.fallbackTitle}
            </Title>
            {subtitle && (
              <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                {subtitle}
              </Text>
            )}
            {gone.length > 0 && (
              <Text size="xs" c="dimmed" lineClamp={2}>
                {gone.map((p) => `${personName(p)} ${frMessaging.people.left}`).join(' · ')}
              </Text>
            )}
          </div>
          {thread && group && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" size={44} aria-label={t.options} color="gray.8">
                  <MoreIcon />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  color="red.9"
                  py="sm"
                  onClick={() => {
                    setLeaving(true);
                  }}
                >
                  {t.leave}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Stack>
      {body}
      {leaving && (
        <LeaveThreadModal
          threadId={id}
          onClose={() => {
            setLeaving(false);
          }}
        />
      )}
    </Container>
  );
}
