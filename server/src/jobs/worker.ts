import type { Deps } from '../deps.ts';
import { buildSenders } from '../notifications/channels.ts';
import { deliverDueOutbox } from '../notifications/deliver-outbox.ts';
import { advanceCareRequests } from '../care-requests/advance-care-requests.ts';
import { expandFanouts } from '../care-requests/dispatch.ts';
import { purgeOldEvents } from '../events/purge-old-events.ts';

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
export function createWorker(deps: Deps): Worker {
  const senders = buildSenders(deps.config, deps.log);
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
  const tick = () => {
    if (running || stopped) return;
    running = runDueWork()
      .catch((error: unknown) => {
        deps.log.error({ err: error }, 'worker pass failed');
      })
      .finally(() => {
        running = undefined;
      });
  };
  return {
    runDueWork,
    start(intervalMs = 1000) {
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
