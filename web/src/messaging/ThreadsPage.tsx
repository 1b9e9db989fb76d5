import {
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { Link } from 'react-router';
import { useCachedMe } from '../auth/session.ts';
import { fr } from '../i18n/fr.ts';
import { frMessaging } from '../i18n/fr-messaging.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageLoader } from '../ui/PageLoader.tsx';
import { RouteNotice } from '../ui/Notice.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import {
  formatListTime,
  isGroup,
  otherNames,
  othersIn,
  participantLabel,
  previewOf,
  threadTitle,
} from './format.ts';
import type { ThreadSummary } from './messaging-api.ts';
import { NEW_THREAD_PATH, threadPath } from './paths.ts';
import { useThreads } from './useThreads.ts';

const t = frMessaging.list;

/** "Messagerie": my threads, newest activity first, each with who, subject, last message and unread count. */
export function ThreadsPage() {
  usePageTitle(t.title);
  const me = useCachedMe();
  const threads = useThreads();
  const myId = me?.user.id ?? '';

  let body: React.ReactNode;
  if (threads.isPending) body = <PageLoader />;
  else if (threads.isError)
    body = (
      <ErrorAlert
        error={threads.error}
        kind="read"
        onRetry={() => {
          void threads.refetch();
        }}
        retrying={threads.isFetching}
      />
    );
  else if (threads.data.length === 0)
    body = (
      <Paper withBorder p="md">
        <Stack gap="sm" align="flex-start">
          <Text fw={600}>{t.empty}</Text>
          <Text size="sm" c="dimmed">
            {t.emptyHint}
          </Text>
          <Button component={Link} to={NEW_THREAD_PATH} variant="light">
            {t.newMessage}
          </Button>
        </Stack>
      </Paper>
    );
  else
    body = (
      <Stack
        gap="sm"
        component="ul"
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
        aria-label={t.title}
        aria-busy={threads.isFetching}
      >
        {threads.data.map((thread) => (
          <li key={thread.id}>
            <ThreadRow thread={thread} myId={myId} />
          </li>
        ))}
      </Stack>
    );

  return (
    <Container size="sm" px={0}>
      <Stack gap="md">
        <Anchor component={Link} to="/" size="sm">
          ← {fr.home.title}
        </Anchor>
        <RouteNotice />
        <Group justify="space-between" align="center" gap="sm">
          <Title order={1} size="h2">
            {t.title}
          </Title>
          <Button component={Link} to={NEW_THREAD_PATH} size="sm">
            + {t.newMessage}
          </Button>
        </Group>
        {body}
      </Stack>
    </Container>
  );
}

function ThreadRow({ thread, myId }: { thread: ThreadSummary; myId: string }) {
  const others = othersIn(thread, myId);
  const people = others.length === 0 ? otherNames(thread, myId) : others.map(participantLabel).join(', ');
  const last = thread.lastMessage;
  // In a group, whose message it is; between two, only mine is marked.
  const author =
    last === null
      ? null
      : last.authorId === myId
        ? t.you
        : isGroup(thread, myId)
          ? (thread.participants.find((p) => p.id === last.authorId)?.firstName ?? null)
          : null;
  const unread = thread.unread > 0;
  return (
    <UnstyledButton
      component={Link}
      to={threadPath(thread.id)}
      display="block"
      w="100%"
      aria-label={t.threadLabel(threadTitle(thread, myId), thread.unread)}
    >
      <Paper withBorder p="sm" px="md" bg={unread ? 'blue.0' : undefined}>
        <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
          <div style={{ minWidth: 0, flex: 1 }}>
            <Text fw={unread ? 800 : 700} lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {people}
            </Text>
            {thread.subject && (
              <Text size="sm" fw={600} c="blue.9" lineClamp={1} style={{ overflowWrap: 'anywhere' }}>
                {thread.subject}
              </Text>
            )}
            <Text
              size="sm"
              mt={2}
              lineClamp={2}
              fw={unread ? 600 : 400}
              c={unread ? undefined : 'dimmed'}
              style={{ overflowWrap: 'anywhere' }}
            >
              {last ? (author ? t.preview(author, previewOf(last.body)) : previewOf(last.body)) : t.noMessage}
            </Text>
          </div>
          <Stack gap={6} align="flex-end" style={{ flexShrink: 0 }}>
            <Text size="xs" c={unread ? 'blue.9' : 'dimmed'} fw={unread ? 700 : 400}>
              {formatListTime(last?.sentAt ?? thread.updatedAt)}
            </Text>
            {unread && (
              <Badge circle size="lg" color="red.9" aria-label={t.unreadBadge(thread.unread)}>
                {thread.unread > 99 ? '99+' : thread.unread}
              </Badge>
            )}
          </Stack>
        </Group>
      </Paper>
    </UnstyledButton>
  );
}
