import type { InfiniteData } from '@tanstack/react-query';
import { Created, Message as MessageSchema, ThreadSummary as ThreadSummarySchema } from '@relais/contracts';
import { apiRequest } from '../api/client.ts';
import { arrayOf } from '../api/schemas.ts';

export type ThreadSummary = ReturnType<typeof ThreadSummarySchema.parse>;
export type Message = ReturnType<typeof MessageSchema.parse>;
export type Participant = ThreadSummary['participants'][number];

/** The server's page size for `GET /api/threads/:id/messages`; a shorter page is the beginning of the thread. */
export const MESSAGES_PAGE = 50;

/** Every messaging query lives under this key: one invalidation refreshes them all. */
export const MESSAGING_KEY = ['messaging'] as const;
export const THREADS_KEY = [...MESSAGING_KEY, 'threads'] as const;
export const messagesKey = (threadId: string) => [...MESSAGING_KEY, 'messages', threadId] as const;

/** Pages of a thread, newest first; each page's param is the cursor (`sentAt|id`) it was read with. */
export type MessagePages = InfiniteData<Message[], string | null>;

const threadPath = (id: string, action: string) => `/api/threads/${encodeURIComponent(id)}/${action}`;

export function fetchThreads(signal?: AbortSignal): Promise<ThreadSummary[]> {
  return apiRequest('/api/threads', { signal }, arrayOf(ThreadSummarySchema));
}

export const threadKey = (id: string) => [...MESSAGING_KEY, 'thread', id] as const;

/** One thread as the list shows it, even one too old to be in the list (opened from a notification). */
export function fetchThread(id: string, signal?: AbortSignal): Promise<ThreadSummary> {
  return apiRequest(`/api/threads/${encodeURIComponent(id)}`, { signal }, ThreadSummarySchema);
}

/**
 * One page of messages, newest first; `cursor` (`sentAt|id` of the oldest message shown) reads the page older
 * than it, messages of the same instant included.
 */
export function fetchMessages(
  threadId: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Message[]> {
  const params = new URLSearchParams({ limit: String(MESSAGES_PAGE) });
  if (cursor) {
    const [before = '', beforeId = ''] = cursor.split('|');
    params.set('before', before);
    params.set('beforeId', beforeId);
  }
  return apiRequest(
    `${threadPath(threadId, 'messages')}?${params.toString()}`,
    { signal },
    arrayOf(MessageSchema),
  );
}

export function createThread(input: { participantIds: string[]; subject?: string }): Promise<{ id: string }> {
  return apiRequest('/api/threads', { body: input }, Created);
}

/** `sendKey`: one per message, kept for its retries (Idempotency-Key): a retry answers the stored message. */
export function sendMessage(threadId: string, body: string, sendKey: string): Promise<Message> {
  return apiRequest(
    threadPath(threadId, 'messages'),
    { body: { body }, headers: { 'Idempotency-Key': sendKey } },
    MessageSchema,
  );
}

export function markThreadRead(threadId: string): Promise<void> {
  return apiRequest(threadPath(threadId, 'read'), { body: {} });
}

export function leaveThread(threadId: string): Promise<void> {
  return apiRequest(threadPath(threadId, 'leave'), { body: {} });
}

/** The cursor of the page after `page`: its oldest message; none once a page comes back short. */
export function olderPageParam(page: Message[]): string | undefined {
  const oldest = page[page.length - 1];
  return page.length < MESSAGES_PAGE || !oldest ? undefined : `${oldest.sentAt}|${oldest.id}`;
}

/**
 * Folds the newest page (just read again) into the pages already shown: new messages go on top of the first
 * page, known ones take their fresh read state. Older pages keep their `before`, so scrolling up still works.
 * `null` when the newest page does not reach what is shown (more than a page arrived): read the thread afresh.
 */
export function mergeNewest(pages: MessagePages, newest: Message[]): MessagePages | null {
  const shown = pages.pages.flat();
  const known = new Set(shown.map((m) => m.id));
  if (shown.length > 0 && newest.length >= MESSAGES_PAGE && !newest.some((m) => known.has(m.id))) return null;
  const fresh = new Map(newest.map((m) => [m.id, m]));
  const updated = pages.pages.map((page) => page.map((m) => fresh.get(m.id) ?? m));
  const added = newest.filter((m) => !known.has(m.id));
  const [first = [], ...rest] = updated;
  return { pages: [[...added, ...first], ...rest], pageParams: pages.pageParams };
}

/** Adds one message (mine, just sent) on top, unless a refresh already brought it. */
export function withMessage(pages: MessagePages, message: Message): MessagePages {
  if (pages.pages.some((page) => page.some((m) => m.id === message.id))) return pages;
  const [first = [], ...rest] = pages.pages;
  return { pages: [[message, ...first], ...rest], pageParams: pages.pageParams };
}
