import { Box, Button, Center, Stack, Text, VisuallyHidden } from '@mantine/core';
import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { personName } from '../care-requests/format.ts';
import { frMessaging } from '../i18n/fr-messaging.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { dayLabel, dayOf, formatTime } from './format.ts';
import type { Message, Participant } from './messaging-api.ts';

const t = frMessaging.thread;
/** Within this many pixels of the end, the reader is "at the bottom" and follows new messages. */
const BOTTOM_SLACK = 80;

interface MessageListProps {
  /** Oldest first. */
  messages: Message[];
  myId: string;
  people: Map<string, Participant>;
  /** Show authors' names (groups). */
  group: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  onLoadOlder: () => void;
  /** Under my last message: "Lu", "Lu par Karim", "Lu par tous", or nothing. */
  receipt: { messageId: string; text: string } | null;
}

function Bubble({
  message,
  mine,
  author,
  showAuthor,
  showTime,
  followsSame,
  receipt,
}: {
  message: Message;
  mine: boolean;
  author: string;
  showAuthor: boolean;
  /** The time once under a run of messages by one author within the same minute. */
  showTime: boolean;
  /** Same author as the message above: the bubbles sit closer. */
  followsSame: boolean;
  receipt: string | null;
}) {
  const time = formatTime(message.sentAt);
  return (
    <Box
      component="li"
      data-testid="message"
      data-mine={mine}
      style={{
        display: 'flex',
        flexDirection: 'column',
        alignItems: mine ? 'flex-end' : 'flex-start',
        marginTop: showAuthor ? 10 : followsSame ? 2 : 8,
      }}
    >
      {showAuthor && (
        <Text size="xs" fw={700} c="gray.8" ml={12} mb={2} aria-hidden="true">
          {author}
        </Text>
      )}
      <Box
        data-testid="message-body"
        px={12}
        py={8}
        maw="85%"
        bg={mine ? 'blue.8' : 'white'}
        c={mine ? 'white' : 'dark.9'}
        style={{
          border: mine ? '1px solid transparent' : '1px solid var(--mantine-color-gray-3)',
          borderRadius: 18,
          borderBottomRightRadius: mine ? 6 : 18,
          borderBottomLeftRadius: mine ? 18 : 6,
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
          lineHeight: 1.4,
        }}
      >
        <VisuallyHidden>{`${[mine ? t.mine : author, time].filter(Boolean).join(', ')} : `}</VisuallyHidden>
        {message.body}
      </Box>
      {(showTime || receipt) && (
        <Text size="xs" c="dimmed" mx={8} mt={2} aria-hidden={receipt ? undefined : true}>
          {time}
          {receipt && (
            <Text component="span" size="xs" fw={700} c="blue.9" data-testid="read-receipt">
              {' · '}
              {receipt}
            </Text>
          )}
        </Text>
      )}
    </Box>
  );
}

/**
 * The conversation, oldest at the top, in its own scrolling box: opens at the newest message, follows new
 * messages while the reader is at the bottom, and loads older pages as they scroll up without moving what
 * they were reading.
 */
export function MessageList({
  messages,
  myId,
  people,
  group,
  hasOlder,
  loadingOlder,
  olderError,
  onLoadOlder,
  receipt,
}: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const restore = useRef<{ height: number; top: number } | null>(null);
  const [unseen, setUnseen] = useState(false);
  const oldestId = messages[0]?.id;
  const newestId = messages[messages.length - 1]?.id;
  const newestAuthor = messages[messages.length - 1]?.authorId;

  const loadOlder = useCallback(() => {
    const el = scroller.current;
    if (!el || !hasOlder || loadingOlder) return;
    restore.current = { height: el.scrollHeight, top: el.scrollTop };
    onLoadOlder();
  }, [hasOlder, loadingOlder, onLoadOlder]);
  const loadOlderRef = useRef(loadOlder);
  useEffect(() => {
    loadOlderRef.current = loadOlder;
  }, [loadOlder]);

  const toBottom = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setUnseen(false);
  }, []);

  // Older messages came in above: keep the one the reader was looking at where it was.
  useLayoutEffect(() => {
    const el = scroller.current;
    const saved = restore.current;
    if (!el || !saved) return;
    restore.current = null;
    el.scrollTop = el.scrollHeight - saved.height + saved.top;
  }, [oldestId]);
  useLayoutEffect(() => {
    if (!loadingOlder) restore.current = null;
  }, [loadingOlder]);

  // A new message at the bottom: follow it if the reader was there (or wrote it), else offer to jump.
  useLayoutEffect(() => {
    if (newestId === undefined) return;
    if (atBottom.current || newestAuthor === myId) toBottom();
    else setUnseen(true);
  }, [newestId, newestAuthor, myId, toBottom]);

  // The composer growing, the keyboard opening: stay at the bottom when there.
  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    observer.observe(inner);
    return () => {
      observer.disconnect();
    };
  }, []);

  // Scrolling near the top asks for the previous page (again after each page, in case it is still in view).
  useEffect(() => {
    const el = scroller.current;
    const target = sentinel.current;
    if (!el || !target || !hasOlder || loadingOlder || olderError) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) loadOlderRef.current();
      },
      { root: el, rootMargin: '300px 0px 0px 0px' },
    );
    observer.observe(target);
    return () => {
      observer.disconnect();
    };
  }, [hasOlder, loadingOlder, olderError]);

  return (
    <Box pos="relative" style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <div
        ref={scroller}
        data-testid="message-scroller"
        onScroll={(event) => {
          const el = event.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
          if (atBottom.current) setUnseen(false);
        }}
        style={{
          flex: 1,
          minHeight: 0,
          overflowY: 'auto',
          overflowAnchor: 'none',
          overscrollBehavior: 'contain',
        }}
      >
        <div ref={content} style={{ paddingBottom: 8 }}>
          {hasOlder ? (
            <div ref={sentinel}>
              <Center py="xs">
                <Button variant="subtle" size="sm" onClick={loadOlder} loading={loadingOlder}>
                  {t.older}
                </Button>
              </Center>
            </div>
          ) : (
            messages.length > 0 && (
              <Text size="xs" c="dimmed" ta="center" py="xs">
                {t.start}
              </Text>
            )
          )}
          {olderError ? (
            <ErrorAlert error={olderError} kind="read" onRetry={loadOlder} retrying={loadingOlder} />
          ) : null}
          {messages.length === 0 ? (
            <Center h="100%" py="xl">
              <Text c="dimmed" ta="center" size="sm">
                {t.empty}
              </Text>
            </Center>
          ) : (
            <Stack
              gap={0}
              component="ol"
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
              aria-label={t.fallbackTitle}
            >
              {messages.map((message, i) => {
                const previous: Message | undefined = messages[i - 1];
                const next: Message | undefined = messages[i + 1];
                const newDay = !previous || dayOf(previous.sentAt) !== dayOf(message.sentAt);
                const mine = message.authorId === myId;
                const person = people.get(message.authorId);
                const author = person ? personName(person) : '';
                return (
                  <Fragment key={message.id}>
                    {newDay && (
                      <Text component="li" size="xs" fw={600} c="dimmed" ta="center" py="sm">
                        {dayLabel(message.sentAt)}
                      </Text>
                    )}
                    <Bubble
                      message={message}
                      mine={mine}
                      author={author}
                      showAuthor={group && !mine && (newDay || previous.authorId !== message.authorId)}
                      followsSame={!newDay && previous.authorId === message.authorId}
                      showTime={
                        !next ||
                        next.authorId !== message.authorId ||
                        formatTime(next.sentAt) !== formatTime(message.sentAt)
                      }
                      receipt={receipt?.messageId === message.id ? receipt.text : null}
                    />
                  </Fragment>
                );
              })}
            </Stack>
          )}
        </div>
      </div>
      {unseen && (
        <Button
          size="sm"
          radius="xl"
          pos="absolute"
          bottom={12}
          left="50%"
          style={{ transform: 'translateX(-50%)', boxShadow: 'var(--mantine-shadow-md)' }}
          onClick={toBottom}
        >
          ↓ {frMessaging.live.newMessage}
        </Button>
      )}
    </Box>
  );
}
