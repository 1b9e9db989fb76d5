import type { Agent } from 'node:https';
import type { Deps } from '../deps.ts';
import { buildSenders } from '../notifications/channels.ts';
import { deliverDueOutbox, type DeliverySenders } from '../notifications/deliver-outbox.ts';
import { vapidKeys, webPushTransport, type PushTransport } from '../notifications/push.ts';
import { advanceCareRequests } from '../care-requests/advance-care-requests.ts';
import { expandFanouts } from '../care-requests/dispatch.ts';
import { purgeOldEvents } from '../events/purge-old-events.ts';
import { listenForEvents, type StopListening } from '../events/listen-for-events.ts';

export interface Worker {
  /** Runs every kind of due work once, until nothing is left (bounded). */
  runDueWork(): Promise<void>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/**
 * The background loop of every server process. Work lives in tables with due instants; each pass claims
 * what is due with SKIP LOCKED, so processes share it without coordination and a restart loses nothing.
 */
export function createWorker(deps: Deps, options: { pushAgent?: Agent } = {}): Worker {
  const { sms, email } = buildSenders(deps.config, deps.log);
  let push: Promise<PushTransport> | undefined;
  const senders: DeliverySenders = {
    sms,
    email,
    push: () => {
      push ??= vapidKeys(deps).then((keys) => webPushTransport(keys, options.pushAgent));
      push.catch(() => (push = undefined));
      return push;
    },
  };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runDueWork = async () => {
    await purgeOldEvents(deps.db, deps.clock);
    for (let pass = 0; pass < 20; pass++) {
      const advanced = await advanceCareRequests(deps);
      const expanded = await expandFanouts(deps);
      const delivered = await deliverDueOutbox(deps, senders);
      if (advanced + expanded + delivered === 0) return;
    }
  };
  /** What a commit can have made due at once: fan-outs and outbox rows. Deadlines come due by time, at ticks. */
  const runCommittedWork = async () => {
    for (let pass = 0; pass < 20; pass++) {
      const expanded = await expandFanouts(deps);
      const delivered = await deliverDueOutbox(deps, senders);
      if (expanded + delivered === 0) return;
    }
  };
  // A pass at a time; woken during one, one more pass right after it, however many wake-ups came (a full one if
  // any of them was a tick).
  let again: 'full' | 'committed' | undefined;
  let listening: Promise<StopListening> | undefined;
  const run = (kind: 'full' | 'committed') => {
    if (stopped) return;
    if (running) {
      again = again === 'full' || kind === 'full' ? 'full' : 'committed';
      return;
    }
    running = (kind === 'full' ? runDueWork() : runCommittedWork())
      .catch((error: unknown) => {
        deps.log.error({ err: error }, 'worker pass failed');
      })
      .finally(() => {
        running = undefined;
        const next = again;
        again = undefined;
        if (next) run(next);
      });
  };
  const tick = () => {
    run('full');
  };
  const committed = () => {
    run('committed');
  };
  return {
    runDueWork,
    start(intervalMs = 1000) {
      timer = setInterval(tick, intervalMs);
      timer.unref();
      // Every change that notifies someone publishes a live event in the same transaction, whose commit
      // NOTIFYs every process: the worker wakes then, so a push leaves within milliseconds rather than at
      // the next tick. Such a wake-up only expands fan-outs and delivers the outbox (a message sent makes
      // nothing else due); the tick stays for what comes due by time (deadlines, retries, notification hours).
      listening = listenForEvents(deps.database, committed, deps.log).catch((error: unknown) => {
        deps.log.warn({ err: error }, 'worker: no wake-up on commits, polling only');
        return () => Promise.resolve();
      });
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await (
        await listening
      )?.();
      await running;
    },
  };
}
