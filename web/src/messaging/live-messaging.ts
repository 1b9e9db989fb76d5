import type { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client.ts';
import { DASHBOARD_KEY } from '../care-requests/care-requests-api.ts';
import { personName } from '../care-requests/format.ts';
import { frMessaging } from '../i18n/fr-messaging.ts';
import type { LiveEvent } from '../live/live-socket.ts';
import {
  fetchMessages,
  fetchThreads,
  MESSAGING_KEY,
  mergeNewest,
  messagesKey,
  THREADS_KEY,
  type MessagePages,
} from './messaging-api.ts';
import { MESSAGING_PATH, threadPath } from './paths.ts';

const t = frMessaging.live;

/** Whether the user sees the message arrive already: on its thread, or on the list (which updates itself). */
function looking(threadId: string): boolean {
  const path = window.location.pathname;
  return document.visibilityState === 'visible' && (path === threadPath(threadId) || path === MESSAGING_PATH);
}

/**
 * Reads the newest page of a thread whose screen is open and folds it into what is shown (new messages, fresh
 * "lu"), keeping older pages and the scroll where they are. A closed screen's pages are only marked stale.
 */
export async function refreshThreadMessages(queryClient: QueryClient, threadId: string): Promise<void> {
  const key = messagesKey(threadId);
  const query = queryClient.getQueryCache().find({ queryKey: key, exact: true });
  if (!query) return;
  if (!query.isActive() || !queryClient.getQueryData<MessagePages>(key)) {
    await queryClient.invalidateQueries({ queryKey: key, exact: true });
    return;
  }
  let newest;
  try {
    newest = await fetchMessages(threadId, null);
  } catch (error) {
    // Left or removed meanwhile: let the screen read it again and say so. Network trouble: the next event,
    // the poll or the return to the app will catch up.
    if (isApiError(error, 404)) await queryClient.invalidateQueries({ queryKey: key, exact: true });
    return;
  }
  const current = queryClient.getQueryData<MessagePages>(key);
  if (!current) return;
  const merged = mergeNewest(current, newest);
  if (merged) queryClient.setQueryData<MessagePages>(key, merged);
  else await queryClient.resetQueries({ queryKey: key, exact: true });
}

/** After a reconnection, whatever changed meanwhile: the list, the counts, the open thread. */
export async function refreshMessaging(queryClient: QueryClient): Promise<void> {
  const open = queryClient
    .getQueryCache()
    .findAll({ queryKey: [...MESSAGING_KEY, 'messages'] })
    .map((q) => q.queryKey[2])
    .filter((id): id is string => typeof id === 'string');
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: THREADS_KEY }),
    queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY }),
    ...open.map((id) => refreshThreadMessages(queryClient, id)),
  ]);
}

/**
 * `message.new` (ids only, D10): the badge and the list are read again, an open thread gets the message at
 * once (its screen then marks it read), and elsewhere a short notice says who wrote.
 */
export async function handleMessageEvent(
  event: LiveEvent,
  queryClient: QueryClient,
  notify: (message: string) => void,
): Promise<void> {
  const threadId = typeof event.threadId === 'string' ? event.threadId : null;
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY }),
    threadId ? refreshThreadMessages(queryClient, threadId) : Promise.resolve(),
  ]);
  if (threadId && looking(threadId)) {
    await queryClient.invalidateQueries({ queryKey: THREADS_KEY });
    return;
  }
  try {
    const threads = await queryClient.query({
      queryKey: THREADS_KEY,
      queryFn: ({ signal }) => fetchThreads(signal),
      staleTime: 0,
    });
    const thread = threads.find((th) => th.id === threadId);
    const author = thread?.participants.find((p) => p.id === thread.lastMessage?.authorId);
    notify(author ? t.newFrom(personName(author)) : t.newMessage);
  } catch {
    notify(t.newMessage);
  }
}

/**
 * `thread.read` (someone read up to now: my messages get their "lu") and `thread.left` (someone left: the header
 * and the list change): the open thread and the list are read again.
 */
export async function handleThreadChange(event: LiveEvent, queryClient: QueryClient): Promise<void> {
  const threadId = typeof event.threadId === 'string' ? event.threadId : null;
  if (!threadId) return;
  await Promise.all([
    refreshThreadMessages(queryClient, threadId),
    event.type === 'thread.left'
      ? queryClient.invalidateQueries({
          queryKey: MESSAGING_KEY,
          predicate: (q) => q.queryKey[1] !== 'messages',
        })
      : Promise.resolve(),
  ]);
}
