import type { Knex } from 'knex';
import { isUniqueViolation } from '../db/database.ts';
import type { DigestRunRow, NewRowOf } from '../db/tables.ts';

export type RunStatus = DigestRunRow['status'];

export interface DigestRun {
  id: number;
  digestId: number;
  localDay: string;
  scheduledAtMs: number;
  status: RunStatus;
  late: boolean;
  attempts: number;
  messageChannel: string | null;
  messageTs: string | null;
  filesPosted: boolean;
}

const toRun = (row: DigestRunRow): DigestRun => ({
  id: Number(row.id),
  digestId: Number(row.digest_id),
  localDay: row.local_day,
  scheduledAtMs: Number(row.scheduled_at_ms),
  status: row.status,
  late: Boolean(row.late),
  attempts: Number(row.attempts),
  messageChannel: row.message_channel,
  messageTs: row.message_ts,
  filesPosted: Boolean(row.files_posted),
});

export interface Slot {
  digestId: number;
  localDay: string;
  scheduledAtMs: number;
}

/**
 * Claims a slot for this replica by inserting its run: the unique key (digest, local day) lets
 * exactly one replica win, whatever the number of replicas. Null when another one has it.
 */
export async function claimNewRun(db: Knex, slot: Slot, claim: { replica: string; nowMs: number; leaseMs: number; late: boolean }): Promise<DigestRun | null> {
  const row: NewRowOf<'digest_runs'> = {
    digest_id: slot.digestId,
    local_day: slot.localDay,
    scheduled_at_ms: slot.scheduledAtMs,
    status: 'posting',
    late: claim.late,
    attempts: 0,
    claimed_by: claim.replica,
    lease_until_ms: claim.nowMs + claim.leaseMs,
    created_at_ms: claim.nowMs,
    updated_at_ms: claim.nowMs,
  };
  try {
    await db('digest_runs').insert(row);
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  return readRun(db, slot.digestId, slot.localDay);
}

/** Records a slot that passed while no replica was running, on an earlier day: not posted. */
export async function recordMissedRun(db: Knex, slot: Slot, nowMs: number): Promise<boolean> {
  try {
    await db('digest_runs').insert({
      digest_id: slot.digestId,
      local_day: slot.localDay,
      scheduled_at_ms: slot.scheduledAtMs,
      status: 'missed',
      last_error: 'no replica was running at the scheduled time; only same-day misses are posted late',
      created_at_ms: nowMs,
      updated_at_ms: nowMs,
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function readRun(db: Knex, digestId: number, localDay: string): Promise<DigestRun | null> {
  const row = await db('digest_runs').where({ digest_id: digestId, local_day: localDay }).first();
  return row ? toRun(row) : null;
}

/** Runs due again: retries whose time has come, and claims whose replica died (lease expired). */
export async function readResumableRuns(db: Knex, nowMs: number): Promise<DigestRun[]> {
  const rows = await db('digest_runs')
    .where((q) => q.where('status', 'retrying').where('next_attempt_at_ms', '<=', nowMs))
    .orWhere((q) => q.where('status', 'posting').where('lease_until_ms', '<', nowMs))
    .select();
  return rows.map(toRun);
}

/** Takes over a resumable run (compare-and-set on its state): true when this replica now holds it. */
export async function claimResumableRun(db: Knex, run: DigestRun, claim: { replica: string; nowMs: number; leaseMs: number }): Promise<boolean> {
  const updated = await db('digest_runs')
    .where('id', run.id)
    .where((q) =>
      q
        .where((r) => r.where('status', 'retrying').where('next_attempt_at_ms', '<=', claim.nowMs))
        .orWhere((r) => r.where('status', 'posting').where('lease_until_ms', '<', claim.nowMs)),
    )
    .update({ status: 'posting', claimed_by: claim.replica, lease_until_ms: claim.nowMs + claim.leaseMs, updated_at_ms: claim.nowMs });
  return Number(updated) === 1;
}

export async function updateRun(db: Knex, runId: number, changes: Partial<NewRowOf<'digest_runs'>>, nowMs: number): Promise<void> {
  await db('digest_runs')
    .where('id', runId)
    .update({ ...changes, updated_at_ms: nowMs });
}

export async function startAttempt(db: Knex, run: DigestRun, replica: string, nowMs: number): Promise<number> {
  const attempt = run.attempts + 1;
  await updateRun(db, run.id, { attempts: attempt }, nowMs);
  const [id] = await db('digest_run_attempts').insert({ run_id: run.id, attempt, replica, started_at_ms: nowMs });
  return Number(id);
}

export async function finishAttempt(db: Knex, attemptId: number, outcome: string, detail: string | null, nowMs: number): Promise<void> {
  await db('digest_run_attempts')
    .where('id', attemptId)
    .update({ outcome, detail: detail?.slice(0, 500) ?? null, finished_at_ms: nowMs });
}

/** The latest run of each digest, for `digest list`. */
export async function readLatestRuns(
  db: Knex,
  digestIds: number[],
): Promise<Map<number, { status: RunStatus; localDay: string; late: boolean; lastError: string | null }>> {
  if (digestIds.length === 0) return new Map();
  const rows = await db('digest_runs')
    .whereIn('digest_id', digestIds)
    .whereIn('id', db('digest_runs').whereIn('digest_id', digestIds).groupBy('digest_id').select(db.raw('MAX(id)')))
    .select('digest_id', 'status', 'local_day', 'late', 'last_error');
  return new Map(rows.map((r) => [Number(r.digest_id), { status: r.status, localDay: r.local_day, late: Boolean(r.late), lastError: r.last_error }]));
}

/** The digest's run on the latest day before `localDay`, if any. */
export async function readPreviousRun(db: Knex, digestId: number, localDay: string): Promise<DigestRun | null> {
  const row = await db('digest_runs').where('digest_id', digestId).where('local_day', '<', localDay).orderBy('local_day', 'desc').first();
  return row ? toRun(row) : null;
}

/** `digestId/localDay` of every run since `fromDay`: slots that need no claim. */
export async function readRecentRunDays(db: Knex, fromDay: string): Promise<Set<string>> {
  const rows = await db('digest_runs').where('local_day', '>=', fromDay).select('digest_id', 'local_day');
  return new Set(rows.map((row) => `${row.digest_id}/${row.local_day}`));
}
