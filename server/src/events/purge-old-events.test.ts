import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  activeProfessional,
  createTestApp,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { rows } from '../db/client.ts';
import { publishEvent } from './publish-event.ts';
import { EVENT_RETENTION_MS, purgeOldEvents } from './purge-old-events.ts';

let t: TestApp;
let alice: LoggedIn;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  alice = await activeProfessional(t, await supportSession(t));
});
afterAll(() => t.close());

async function publishAt(at: Date, n: number): Promise<number> {
  await t.deps.db.transaction(async (tx) => {
    await publishEvent(tx, { now: () => at }, [alice.userId], 'message.new', { n });
  });
  const [last] = await rows<{ id: string | number }>(t.deps.db, sql`SELECT max(id) AS id FROM user_events`);
  return Number(last?.id);
}

/** Messages received on a socket opened with `after`, once `count` events have come. */
async function catchUp(after: number, count: number): Promise<Record<string, unknown>[]> {
  const { port } = t.app.server.address() as AddressInfo;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events?token=${alice.token}&after=${after}`);
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (data: Buffer) =>
    messages.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>),
  );
  await vi.waitFor(
    () => {
      expect(messages).toHaveLength(count + 1);
    },
    { timeout: 5000 },
  );
  ws.close();
  return messages;
}

describe('retention', () => {
  it('D19: events older than 7 days are purged, and a client behind them is told to refetch', async () => {
    const now = t.clock.now();
    const old = new Date(now.getTime() - EVENT_RETENTION_MS - 60_000);
    const before = (await publishAt(old, 0)) - 1;
    await publishAt(old, 1);
    await publishAt(old, 2);
    const firstKept = await publishAt(now, 3);
    await publishAt(now, 4);

    expect(await purgeOldEvents(t.deps.db, t.clock)).toBe(3);
    expect(await purgeOldEvents(t.deps.db, t.clock)).toBe(0);

    const behind = await catchUp(before, 2);
    expect(behind[0]).toMatchObject({ type: 'hello', after: before, resync: true });
    expect(behind.slice(1).map((m) => m.n)).toEqual([3, 4]);

    const atTheEdge = await catchUp(firstKept - 1, 2);
    expect(atTheEdge[0]).toMatchObject({ type: 'hello', resync: false });
  });
});
