import cron from 'node-cron';
import type { DigestSchedulerDeps } from './digest-scheduler-deps.ts';
import { runDigestTick } from './run-digest-tick.ts';

export interface RunningScheduler {
  stop(): Promise<void>;
}

/**
 * Runs the digest tick at the start of every minute, and once at start-up to catch up on runs
 * missed while no replica was running. Ticks never overlap within a replica; across replicas
 * the database decides who posts what.
 */
export function startDigestScheduler(deps: DigestSchedulerDeps, now: () => Date = () => new Date()): RunningScheduler {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = runDigestTick(deps, now())
      .catch((error) => deps.logger.error({ err: error }, 'digest tick failed; the next tick retries'))
      .finally(() => {
        busy = false;
      });
  };
  const task = cron.schedule('* * * * *', tick, { name: `digests-${deps.replica}` });
  tick();
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
