import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Message, ThreadSummary } from '@relais/contracts';
import { appendAudit, type RequestContext } from '../audit/append-audit.ts';
import { rows, type DbOrTx } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { eventsInStatement, publishEvent } from '../events/publish-event.ts';
import { outboxInsert } from '../notifications/enqueue.ts';
import { patientTransaction, requirePatient } from '../patients/access.ts';
import { idempotencyKeyReused, invalidFields, notFound } from '../shared/errors.ts';

type Actor = RequestContext & { actorId: string };
const iso = (v: Date | string) => new Date(v).toISOString();
const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** The thread when I take part in it (not left); otherwise 404: nobody outside a thread learns it exists. */
async function myThread(db: DbOrTx, threadId: string, userId: string) {
  const [thread] = await rows<{ id: string; patient_id: string | null }>(
    db,
    sql`SELECT t.id, t.patient_id FROM threads t JOIN thread_participants p ON p.thread_id = t.id
        WHERE t.id = ${threadId} AND p.user_id = ${userId} AND p.left_at IS NULL`,
  );
  if (!thread) throw notFound('Conversation introuvable.');
  return thread;
}

/**
 * D19 — any active professional writes to any other, found by name: a thread with one or more others, an
 * optional subject, optionally about a patient of my care team (then reading it is audited like the file).
 */
export async function createThread(
  deps: Deps,
  ctx: Actor,
  input: { participantIds: string[]; subject?: string | undefined; patientId?: string | undefined },
): Promise<{ id: string }> {
  return patientTransaction(deps, ctx, async (tx) => {
    const others = [...new Set(input.participantIds)].filter((id) => id !== ctx.actorId);
    if (others.length === 0)
      throw invalidFields({ participantIds: 'Choisissez au moins un autre professionnel.' });
    const [active] = await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM users WHERE id = ANY(${uuids(others)}::uuid[])
          AND role = 'professional' AND status = 'active'`,
    );
    if ((active?.n ?? 0) !== others.length)
      throw invalidFields({
        participantIds: 'Chaque destinataire doit être un professionnel actif sur Relais.',
      });
    if (input.patientId) await requirePatient(tx, ctx, input.patientId, 'read', 'thread.create');
    // "Nouveau message" to one person I already talk to, without a subject: the conversation goes on where it is,
    // instead of a second thread with the same two people.
    const other = others[0];
    if (others.length === 1 && other && !input.subject && !input.patientId) {
      const [existing] = await rows<{ id: string }>(
        tx,
        sql`SELECT t.id FROM thread_participants mine
            JOIN thread_participants theirs ON theirs.thread_id = mine.thread_id
              AND theirs.user_id = ${other} AND theirs.left_at IS NULL
            JOIN threads t ON t.id = mine.thread_id AND t.subject IS NULL AND t.patient_id IS NULL
            WHERE mine.user_id = ${ctx.actorId} AND mine.left_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM thread_participants p WHERE p.thread_id = t.id
                              AND p.user_id <> ${ctx.actorId} AND p.user_id <> ${other})
            ORDER BY t.updated_at DESC LIMIT 1`,
      );
      if (existing) return { id: existing.id };
    }
    const id = randomUUID();
    const now = deps.clock.now().toISOString();
    await tx.execute(sql`INSERT INTO threads (id, subject, patient_id, created_by, created_at, updated_at)
      VALUES (${id}, ${input.subject ? deps.cipher.encrypt(input.subject, `thread:${id}:subject`) : null},
              ${input.patientId ?? null}, ${ctx.actorId}, ${now}, ${now})`);
    await tx.execute(sql`INSERT INTO thread_participants (thread_id, user_id, joined_at, last_read_at)
      SELECT ${id}, u, ${now}, CASE WHEN u = ${ctx.actorId}::uuid THEN ${now}::timestamptz END
      FROM unnest(${uuids([ctx.actorId, ...others])}::uuid[]) AS u`);
    if (input.patientId)
      await appendAudit(tx, deps.clock, ctx, {
        action: 'thread.create',
        outcome: 'success',
        patientId: input.patientId,
        targetId: id,
      });
    return { id };
  });
}

/** Sends a message: stored encrypted, delivered live to every other participant's open apps, pushed through the outbox. */
export async function sendMessage(
  deps: Deps,
  ctx: Actor,
  threadId: string,
  body: string,
  clientKey?: string,
): Promise<Message> {
  return deps.db.transaction(async (tx) => {
    const id = randomUUID();
    const now = deps.clock.now().toISOString();
    // One statement checks that I take part, stores the message, bumps the thread and my read mark, and names
    // the others: the message is live sooner, since every round trip here delays its delivery.
    const [sent] = await rows<{ patient_id: string | null; stored: number; others: string[] | null }>(
      tx,
      sql`WITH mine AS (
            SELECT t.id, t.patient_id FROM threads t JOIN thread_participants p ON p.thread_id = t.id
            WHERE t.id = ${threadId} AND p.user_id = ${ctx.actorId} AND p.left_at IS NULL),
          stored AS (
            INSERT INTO messages (id, thread_id, author_id, body, sent_at, client_key)
            SELECT ${id}, mine.id, ${ctx.actorId}, ${deps.cipher.encrypt(body, `message:${id}`)}, ${now}, ${clientKey ?? null}
            FROM mine
            ON CONFLICT (author_id, client_key) WHERE client_key IS NOT NULL DO NOTHING
            RETURNING thread_id),
          bumped AS (UPDATE threads SET updated_at = ${now} WHERE id IN (SELECT thread_id FROM stored) RETURNING id),
          read AS (
            UPDATE thread_participants SET last_read_at = ${now}
            WHERE thread_id IN (SELECT thread_id FROM stored) AND user_id = ${ctx.actorId} RETURNING user_id)
          SELECT mine.patient_id, (SELECT count(*)::int FROM stored) AS stored,
                 (SELECT array_agg(o.user_id) FROM thread_participants o
                  WHERE o.thread_id = mine.id AND o.left_at IS NULL AND o.user_id <> ${ctx.actorId}) AS others
          FROM mine`,
    );
    if (!sent) throw notFound('Conversation introuvable.');
    if (sent.stored === 0 && clientKey) return replayOf(deps, tx, ctx.actorId, threadId, clientKey);
    const others = sent.others ?? [];
    if (sent.patient_id)
      await appendAudit(tx, deps.clock, ctx, {
        action: 'message.send',
        outcome: 'success',
        patientId: sent.patient_id,
        targetId: id,
      });
    // Last, and in one statement: the push rows, then the live events. The events' lock on user_events is held
    // until the commit, and delivery to every open app waits for it (settled horizon), so it is taken last.
    if (others.length > 0) {
      const events = eventsInStatement(
        'told',
        sql`SELECT u, 'message.new', ${JSON.stringify({ threadId, messageId: id })}::jsonb
            FROM unnest(${`{${others.join(',')}}`}::uuid[]) AS u`,
        now,
      );
      const pushes = others.map((userId) => ({
        channel: 'push' as const,
        recipient: userId,
        userId,
        kind: 'message.new',
        body: 'Nouveau message sur Relais',
        idempotencyKey: `message.new:${id}:${userId}`,
      }));
      await tx.execute(sql`WITH pushed AS (${outboxInsert(now, deps.cipher, pushes)} RETURNING 1),
                               told AS (${events.insert})
                          SELECT ${events.notify}`);
    }
    return { id, threadId, authorId: ctx.actorId, body, sentAt: now, readBy: [] };
  });
}

/**
 * The message this author already sent with this key (a send repeated after its answer got lost), as it stands
 * now; nothing is written again and nobody is told twice.
 */
async function replayOf(deps: Deps, tx: DbOrTx, authorId: string, threadId: string, clientKey: string) {
  const [prior] = await rows<{
    id: string;
    thread_id: string;
    body: Uint8Array;
    sent_at: Date | string;
    read_by: string[] | null;
  }>(
    tx,
    sql`SELECT m.id, m.thread_id, m.body, m.sent_at,
               (SELECT array_agg(p.user_id) FROM thread_participants p
                WHERE p.thread_id = m.thread_id AND p.user_id <> m.author_id AND p.last_read_at >= m.sent_at) AS read_by
        FROM messages m WHERE m.author_id = ${authorId} AND m.client_key = ${clientKey}`,
  );
  if (!prior) throw new Error('a message key conflicted but no message holds it');
  if (prior.thread_id !== threadId) throw idempotencyKeyReused('un message d’une autre conversation');
  return {
    id: prior.id,
    threadId,
    authorId,
    body: deps.cipher.decryptText(Buffer.from(prior.body), `message:${prior.id}`),
    sentAt: iso(prior.sent_at),
    readBy: prior.read_by ?? [],
  };
}

/** One of my threads as the list shows it (subject, participants, last message, unread); 404 if not mine. */
export async function readThread(deps: Deps, ctx: Actor, threadId: string): Promise<ThreadSummary> {
  const [thread] = await listThreads(deps, ctx, threadId);
  if (!thread) throw notFound('Conversation introuvable.');
  return thread;
}

/** My threads, newest activity first, with the last message and my unread count (or only `only`). */
export async function listThreads(deps: Deps, ctx: Actor, only?: string): Promise<ThreadSummary[]> {
  const threads = await rows<{
    id: string;
    subject: Uint8Array | null;
    updated_at: Date | string;
    unread: number;
    last_id: string | null;
    last_author: string | null;
    last_body: Uint8Array | null;
    last_sent: Date | string | null;
  }>(
    deps.db,
    sql`SELECT t.id, t.subject, t.updated_at,
               (SELECT count(*)::int FROM messages m WHERE m.thread_id = t.id AND m.author_id <> ${ctx.actorId}
                  AND (me.last_read_at IS NULL OR m.sent_at > me.last_read_at)) AS unread,
               l.id AS last_id, l.author_id AS last_author, l.body AS last_body, l.sent_at AS last_sent
        FROM thread_participants me JOIN threads t ON t.id = me.thread_id
        LEFT JOIN LATERAL (SELECT * FROM messages m WHERE m.thread_id = t.id ORDER BY m.sent_at DESC, m.id DESC LIMIT 1) l ON true
        WHERE me.user_id = ${ctx.actorId} AND me.left_at IS NULL${only ? sql` AND t.id = ${only}` : sql``}
        ORDER BY t.updated_at DESC LIMIT 100`,
  );
  const people = threads.length
    ? await rows<{
        thread_id: string;
        id: string;
        first_name: string;
        last_name: string;
        profession: string | null;
        left: boolean;
      }>(
        deps.db,
        sql`SELECT p.thread_id, u.id, u.first_name, u.last_name, u.profession, p.left_at IS NOT NULL AS left
            FROM thread_participants p JOIN users u ON u.id = p.user_id
            WHERE p.thread_id = ANY(${uuids(threads.map((t) => t.id))}::uuid[])`,
      )
    : [];
  return threads.map((t) => ({
    id: t.id,
    subject: t.subject ? deps.cipher.decryptText(Buffer.from(t.subject), `thread:${t.id}:subject`) : null,
    participants: people
      .filter((p) => p.thread_id === t.id)
      .map((p) => ({
        id: p.id,
        firstName: p.first_name,
        lastName: p.last_name,
        profession: p.profession as ThreadSummary['participants'][number]['profession'],
        left: p.left,
      })),
    lastMessage:
      t.last_id && t.last_author && t.last_body && t.last_sent
        ? {
            authorId: t.last_author,
            body: deps.cipher.decryptText(Buffer.from(t.last_body), `message:${t.last_id}`),
            sentAt: iso(t.last_sent),
          }
        : null,
    unread: t.unread,
    updatedAt: iso(t.updated_at),
  }));
}

/**
 * Messages of a thread, newest first; the page older than a message with `before` (its instant) and `beforeId`
 * (its id, so that messages of the same instant are neither skipped nor repeated). A patient thread's read is
 * audited.
 */
export async function readMessages(
  deps: Deps,
  ctx: Actor,
  threadId: string,
  page: { before?: string | undefined; beforeId?: string | undefined; limit: number },
): Promise<Message[]> {
  return deps.db.transaction(async (tx) => {
    const thread = await myThread(tx, threadId, ctx.actorId);
    const found = await rows<{ id: string; author_id: string; body: Uint8Array; sent_at: Date | string }>(
      tx,
      sql`SELECT id, author_id, body, sent_at FROM messages WHERE thread_id = ${threadId}
          ${
            page.before && page.beforeId
              ? sql`AND (sent_at, id) < (${page.before}::timestamptz, ${page.beforeId}::uuid)`
              : page.before
                ? sql`AND sent_at < ${page.before}`
                : sql``
          }
          ORDER BY sent_at DESC, id DESC LIMIT ${page.limit}`,
    );
    const readers = await rows<{ user_id: string; last_read_at: Date | string | null }>(
      tx,
      sql`SELECT user_id, last_read_at FROM thread_participants WHERE thread_id = ${threadId}`,
    );
    if (thread.patient_id)
      await appendAudit(tx, deps.clock, ctx, {
        action: 'thread.read',
        outcome: 'success',
        patientId: thread.patient_id,
        targetId: threadId,
      });
    return found.map((m) => ({
      id: m.id,
      threadId,
      authorId: m.author_id,
      body: deps.cipher.decryptText(Buffer.from(m.body), `message:${m.id}`),
      sentAt: iso(m.sent_at),
      readBy: readers
        .filter(
          (r) =>
            r.user_id !== m.author_id && r.last_read_at && new Date(r.last_read_at) >= new Date(m.sent_at),
        )
        .map((r) => r.user_id),
    }));
  });
}

/** Marks the thread read up to now and tells the other participants' open apps ("lu" under their messages). */
export async function markThreadRead(deps: Deps, ctx: Actor, threadId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await myThread(tx, threadId, ctx.actorId);
    await tx.execute(sql`UPDATE thread_participants SET last_read_at = ${deps.clock.now().toISOString()}
                         WHERE thread_id = ${threadId} AND user_id = ${ctx.actorId}`);
    await publishEvent(tx, deps.clock, await othersIn(tx, threadId, ctx.actorId), 'thread.read', {
      threadId,
      userId: ctx.actorId,
    });
  });
}

/** Leaves a group thread; the others' apps are told (their header shows who left). */
export async function leaveThread(deps: Deps, ctx: Actor, threadId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await myThread(tx, threadId, ctx.actorId);
    await tx.execute(sql`UPDATE thread_participants SET left_at = ${deps.clock.now().toISOString()}
                         WHERE thread_id = ${threadId} AND user_id = ${ctx.actorId}`);
    await publishEvent(tx, deps.clock, await othersIn(tx, threadId, ctx.actorId), 'thread.left', {
      threadId,
      userId: ctx.actorId,
    });
  });
}

async function othersIn(db: DbOrTx, threadId: string, userId: string): Promise<string[]> {
  return (
    await rows<{ user_id: string }>(
      db,
      sql`SELECT user_id FROM thread_participants
          WHERE thread_id = ${threadId} AND left_at IS NULL AND user_id <> ${userId}`,
    )
  ).map((r) => r.user_id);
}

export async function unreadMessageCount(deps: Deps, userId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    deps.db,
    sql`SELECT count(*)::int AS n FROM thread_participants me JOIN messages m ON m.thread_id = me.thread_id
        WHERE me.user_id = ${userId} AND me.left_at IS NULL AND m.author_id <> ${userId}
          AND (me.last_read_at IS NULL OR m.sent_at > me.last_read_at)`,
  );
  return r?.n ?? 0;
}
