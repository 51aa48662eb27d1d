import type { Knex } from 'knex';
import { upsertRows } from '../db/bulk-rows.ts';

export type AggregateStatus = 'fresh' | 'stale';

/** Marks an app's aggregates fresh (answers read them) or stale (answers come from the store directly until a rebuild). */
export async function setAggregateState(
  db: Knex | Knex.Transaction,
  appRef: number,
  status: AggregateStatus,
  reason: string | null,
  now = Date.now(),
): Promise<void> {
  await upsertRows(db, 'agg_state', [{ app_ref: appRef, status, updated_at_ms: now, reason }], ['app_ref'], ['status', 'updated_at_ms', 'reason']);
}

/** Whether answers about this app may come from its aggregates. */
export async function isAggregateFresh(db: Knex | Knex.Transaction, appRef: number): Promise<boolean> {
  const row = await db('agg_state').where('app_ref', appRef).first<{ status: string } | undefined>('status');
  return row?.status === 'fresh';
}
