import { addDays, daysBetween } from '../util/days.ts';
import { computeSlot, isScheduledOn, localDayOf } from './compute-slot.ts';
import { deliverDigestRuns } from './deliver-digest-runs.ts';
import { type DigestRecord, readDigests } from './digest-record.ts';
import { claimNewRun, claimResumableRun, type DigestRun, readRecentRunDays, readResumableRuns, recordMissedRun } from './digest-runs.ts';
import type { DigestSchedulerDeps } from './digest-scheduler-deps.ts';

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_GRACE_MS = 2 * 60_000;
/** Earlier days without a run are recorded as missed this far back. */
const MISSED_LOOKBACK_DAYS = 7;

export interface TickResult {
  claimed: number;
  resumed: number;
  missed: number;
}

/**
 * One pass of the scheduler at `now` (each replica runs it every minute): claims the runs due
 * today, records earlier days' misses, takes over retries and dead replicas' claims, delivers.
 */
export async function runDigestTick(deps: DigestSchedulerDeps, now: Date): Promise<TickResult> {
  const { db, replica, leaseMs } = deps;
  const nowMs = now.getTime();
  const claimed: DigestRun[] = [];
  let missed = 0;
  const digests = await readDigests(db);
  const recent = await readRecentRunDays(db, addDays(localDayOf(now, 'UTC'), -(MISSED_LOOKBACK_DAYS + 1)));
  for (const digest of digests) {
    const today = localDayOf(now, digest.timezone);
    for (const day of pastSlotDays(digest, today)) {
      if (recent.has(`${digest.id}/${day}`)) continue;
      const slot = computeSlot(digest, day, digest.timezone);
      if (slot.toMillis() > nowMs || slot.toMillis() < digest.createdAtMs) continue;
      const key = { digestId: digest.id, localDay: day, scheduledAtMs: slot.toMillis() };
      if (day === today) {
        const run = await claimNewRun(db, key, { replica, nowMs, leaseMs, late: nowMs - slot.toMillis() > deps.graceMs });
        if (run) claimed.push(run);
      } else if (await recordMissedRun(db, key, nowMs)) {
        missed++;
      }
    }
  }
  const resumed: DigestRun[] = [];
  for (const run of await readResumableRuns(db, nowMs)) {
    if (await claimResumableRun(db, run, { replica, nowMs, leaseMs })) resumed.push(run);
  }
  await deliverDigestRuns(deps, [...claimed, ...resumed], new Map(digests.map((d) => [d.id, d])), now);
  return { claimed: claimed.length, resumed: resumed.length, missed };
}

/** Today and the earlier days (within the lookback, not before the digest existed) it was due on. */
function pastSlotDays(digest: DigestRecord, today: string): string[] {
  const created = localDayOf(new Date(digest.createdAtMs), digest.timezone);
  const lookback = Math.min(MISSED_LOOKBACK_DAYS, Math.max(0, daysBetween(created, today)));
  const days: string[] = [];
  for (let back = lookback; back >= 0; back--) {
    const day = addDays(today, -back);
    if (isScheduledOn(digest, day)) days.push(day);
  }
  return days;
}
