import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';

type Pro = Awaited<ReturnType<typeof activeProfessional>>;
let t: TestApp;
let support: LoggedIn;
let anne: Pro, bruno: Pro, chloe: Pro, outsider: Pro;
const api = (p: { token: string }) => ({
  get: (url: string) => t.app.inject({ url, headers: bearer(p.token) }),
  post: (url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url, headers: bearer(p.token), ...(payload ? { payload } : {}) }),
});

beforeAll(async () => {
  t = await createTestApp();
  support = await supportSession(t);
  anne = await activeProfessional(t, support, { profession: '60' });
  bruno = await activeProfessional(t, support, { profession: '10' });
  chloe = await activeProfessional(t, support, { profession: '70' });
  outsider = await activeProfessional(t, support, { profession: '60' });
});
afterAll(() => t.close());

describe('messaging', () => {
  it('D19: a group thread without phone numbers; messages are delivered, counted unread and marked read', async () => {
    const created = await api(anne).post('/api/threads', {
      participantIds: [bruno.userId, chloe.userId],
      subject: 'Tournée de jeudi',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const sent = await api(anne).post(`/api/threads/${id}/messages`, {
      body: 'Je passe chez Mme R. à 9 h, qui prend le relais ?',
    });
    expect(sent.statusCode).toBe(201);
    const threads = (await api(bruno).get('/api/threads')).json<
      { id: string; subject: string; unread: number; participants: unknown[] }[]
    >();
    expect(threads[0]).toMatchObject({ id, subject: 'Tournée de jeudi', unread: 1 });
    expect(threads[0]?.participants).toHaveLength(3);
    expect((await api(bruno).get('/api/dashboard')).json<{ unreadMessages: number }>().unreadMessages).toBe(
      1,
    );
    const events = await rows<{ type: string }>(
      t.deps.db,
      sql`SELECT type FROM user_events WHERE user_id = ${chloe.userId}`,
    );
    expect(events.map((e) => e.type)).toContain('message.new');
    expect((await api(bruno).post(`/api/threads/${id}/read`)).statusCode).toBe(204);
    expect((await api(bruno).get('/api/dashboard')).json<{ unreadMessages: number }>().unreadMessages).toBe(
      0,
    );
    const messages = (await api(anne).get(`/api/threads/${id}/messages`)).json<
      { body: string; readBy: string[] }[]
    >();
    expect(messages[0]?.body).toContain('qui prend le relais');
    expect(messages[0]?.readBy).toEqual([bruno.userId]);
  });

  it('D19: writing again to one person without a subject goes on in the conversation already open with them', async () => {
    const dora = await activeProfessional(t, support, { profession: '60' });
    const eric = await activeProfessional(t, support, { profession: '10' });
    const start = async (from: Pro, to: Pro[], subject?: string) => {
      const res = await api(from).post('/api/threads', {
        participantIds: to.map((p) => p.userId),
        ...(subject ? { subject } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const first = await start(dora, [eric]);
    expect(await start(dora, [eric])).toBe(first);
    expect(await start(eric, [dora])).toBe(first); // from either side
    // A subject, a group, or a conversation one of them left: a thread of its own.
    const withSubject = await start(dora, [eric], 'Mme R., pansement');
    expect(withSubject).not.toBe(first);
    expect(await start(dora, [eric, chloe])).not.toBe(first);
    expect((await api(eric).post(`/api/threads/${first}/leave`)).statusCode).toBe(204);
    const after = await start(dora, [eric]);
    expect([first, withSubject]).not.toContain(after);
    const [threads] = await rows<{ n: number }>(
      t.deps.db,
      sql`SELECT count(*)::int AS n FROM threads WHERE created_by IN (${dora.userId}, ${eric.userId})`,
    );
    expect(threads?.n).toBe(4);
  });

  it('D19: a message sent again with the same Idempotency-Key, even at the same instant, is stored and told once', async () => {
    const thread = (
      await api(anne).post('/api/threads', { participantIds: [bruno.userId], subject: 'Relève du soir' })
    ).json<{ id: string }>().id;
    const other = (
      await api(anne).post('/api/threads', { participantIds: [chloe.userId], subject: 'Autre' })
    ).json<{ id: string }>().id;
    const send = (threadId: string, key: string, body = 'Pansement refait, plaie propre.') =>
      t.app.inject({
        method: 'POST',
        url: `/api/threads/${threadId}/messages`,
        headers: { ...bearer(anne.token), 'idempotency-key': key },
        payload: { body },
      });
    const count = async () =>
      (
        await rows<{ messages: number; events: number }>(
          t.deps.db,
          sql`SELECT (SELECT count(*)::int FROM messages WHERE thread_id = ${thread}) AS messages,
                     (SELECT count(*)::int FROM user_events
                      WHERE user_id = ${bruno.userId} AND type = 'message.new' AND payload->>'threadId' = ${thread}) AS events`,
        )
      )[0];
    const answers = await Promise.all([send(thread, 'cle-envoi-0001'), send(thread, 'cle-envoi-0001')]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
    const [a, b] = answers.map((x) => x.json<{ id: string; body: string; sentAt: string }>());
    expect(b).toEqual(a);
    expect(await count()).toEqual({ messages: 1, events: 1 });
    // Later, once read, the replay says so; a new key is a new message.
    expect((await api(bruno).post(`/api/threads/${thread}/read`)).statusCode).toBe(204);
    const again = await send(thread, 'cle-envoi-0001');
    expect(again.json<{ id: string; readBy: string[] }>()).toMatchObject({
      id: a?.id,
      readBy: [bruno.userId],
    });
    expect((await send(thread, 'cle-envoi-0002')).statusCode).toBe(201);
    expect(await count()).toEqual({ messages: 2, events: 2 });
    // The same key on another thread, or a malformed one: refused, nothing written.
    const reused = await send(other, 'cle-envoi-0001');
    expect(reused.statusCode).toBe(409);
    expect(reused.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'idempotency_key_reused',
    );
    expect((await send(thread, 'court')).statusCode).toBe(400);
    expect(await count()).toEqual({ messages: 2, events: 2 });
    const [inOther] = await rows<{ n: number }>(
      t.deps.db,
      sql`SELECT count(*)::int AS n FROM messages WHERE thread_id = ${other}`,
    );
    expect(inOther?.n).toBe(0);
  });

  it('D19: nobody outside a thread can read it or learn it exists; a participant who leaves stops receiving it', async () => {
    const { id } = (await api(anne).post('/api/threads', { participantIds: [bruno.userId] })).json<{
      id: string;
    }>();
    await api(anne).post(`/api/threads/${id}/messages`, { body: 'Bonjour' });
    const unknown = await api(outsider).get('/api/threads/00000000-0000-4000-8000-000000000000/messages');
    const foreign = await api(outsider).get(`/api/threads/${id}/messages`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(unknown.body);
    expect((await api(outsider).post(`/api/threads/${id}/messages`, { body: 'intrus' })).statusCode).toBe(
      404,
    );
    expect((await api(bruno).post(`/api/threads/${id}/leave`)).statusCode).toBe(204);
    expect((await api(bruno).get(`/api/threads/${id}/messages`)).statusCode).toBe(404);
    expect((await api(bruno).get('/api/threads')).json<{ id: string }[]>().map((x) => x.id)).not.toContain(
      id,
    );
  });

  it('D19: a thread reads as the list shows it, to its participants only; reading and leaving are told live', async () => {
    const { id } = (
      await api(anne).post('/api/threads', {
        participantIds: [bruno.userId, chloe.userId],
        subject: 'Relève',
      })
    ).json<{ id: string }>();
    await api(anne).post(`/api/threads/${id}/messages`, { body: 'Qui passe demain ?' });
    const one = await api(bruno).get(`/api/threads/${id}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json<{ subject: string; unread: number; participants: unknown[] }>()).toMatchObject({
      subject: 'Relève',
      unread: 1,
    });
    const unknown = await api(outsider).get('/api/threads/00000000-0000-4000-8000-000000000000');
    const foreign = await api(outsider).get(`/api/threads/${id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(unknown.body);

    const eventsOf = async (userId: string, type: string) =>
      (
        await rows<{ payload: { threadId: string; userId: string } }>(
          t.deps.db,
          sql`SELECT payload FROM user_events WHERE user_id = ${userId} AND type = ${type}`,
        )
      )
        .map((e) => e.payload)
        .filter((e) => e.threadId === id);
    expect((await api(bruno).post(`/api/threads/${id}/read`)).statusCode).toBe(204);
    expect(await eventsOf(anne.userId, 'thread.read')).toEqual([{ threadId: id, userId: bruno.userId }]);
    expect(await eventsOf(chloe.userId, 'thread.read')).toHaveLength(1);
    expect(await eventsOf(bruno.userId, 'thread.read')).toHaveLength(0);
    expect((await api(chloe).post(`/api/threads/${id}/leave`)).statusCode).toBe(204);
    expect(await eventsOf(anne.userId, 'thread.left')).toEqual([{ threadId: id, userId: chloe.userId }]);
    expect(await eventsOf(chloe.userId, 'thread.left')).toHaveLength(0);
  });

  it('D19: scrolling up pages through messages sent at the same instant without skipping or repeating one', async () => {
    const { id } = (await api(anne).post('/api/threads', { participantIds: [bruno.userId] })).json<{
      id: string;
    }>();
    for (const body of ['un', 'deux', 'trois', 'quatre', 'cinq'])
      expect((await api(anne).post(`/api/threads/${id}/messages`, { body })).statusCode).toBe(201);
    await t.deps.db.execute(
      sql`UPDATE messages SET sent_at = '2026-11-25T08:00:00Z' WHERE thread_id = ${id}`,
    );
    type Page = { id: string; body: string; sentAt: string }[];
    const seen: string[] = [];
    let url = `/api/threads/${id}/messages?limit=2`;
    for (let i = 0; i < 5; i++) {
      const page = (await api(bruno).get(url)).json<Page>();
      if (page.length === 0) break;
      seen.push(...page.map((m) => m.body));
      const oldest = page[page.length - 1];
      if (!oldest) break;
      url = `/api/threads/${id}/messages?limit=2&before=${encodeURIComponent(oldest.sentAt)}&beforeId=${oldest.id}`;
    }
    expect(seen.toSorted()).toEqual(['cinq', 'deux', 'quatre', 'trois', 'un']);
  });

  it('D19: bad input is refused in French and nothing is written', async () => {
    const count = async () =>
      (await rows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM messages`))[0]?.n;
    const before = await count();
    const { id } = (await api(anne).post('/api/threads', { participantIds: [chloe.userId] })).json<{
      id: string;
    }>();
    expect((await api(anne).post(`/api/threads/${id}/messages`, { body: '   ' })).statusCode).toBe(400);
    expect(
      (await api(anne).post(`/api/threads/${id}/messages`, { body: 'x'.repeat(10_001) })).statusCode,
    ).toBe(400);
    expect((await api(anne).post('/api/threads', { participantIds: [support.userId] })).statusCode).toBe(400);
    expect((await api(anne).post('/api/threads', { participantIds: [anne.userId] })).statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('D21: message bodies and subjects are encrypted at rest', async () => {
    const raw = await rows<{ body: Uint8Array }>(t.deps.db, sql`SELECT body FROM messages`);
    const subjects = await rows<{ subject: Uint8Array | null }>(t.deps.db, sql`SELECT subject FROM threads`);
    expect(raw.length).toBeGreaterThan(0);
    for (const r of raw) expect(Buffer.from(r.body).toString('latin1')).not.toMatch(/relais|Bonjour/);
    for (const s of subjects)
      if (s.subject) expect(Buffer.from(s.subject).toString('latin1')).not.toContain('Tournée');
  });
});
