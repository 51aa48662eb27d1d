import type { Knex } from 'knex';
import { selectByUserIds } from '../db/bulk-rows.ts';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges } from './apply-aggregate-changes.ts';
import { decodeUserState } from './encode-user-state.ts';
import { readUserStates } from './read-user-states.ts';
import { isAggregateFresh } from './set-aggregate-state.ts';

/**
 * Users by source counts each user under their source on their first day: when users.csv
 * changes a known user's source, move them from the old source to the new one in every scope.
 */
export async function updateAggregatesForSources(trx: Knex.Transaction, rows: { app_ref: number; user_id: string; source: string | null }[]): Promise<void> {
  const byApp = new Map<number, Map<string, string>>();
  for (const row of rows) {
    let users = byApp.get(row.app_ref);
    if (!users) {
      users = new Map();
      byApp.set(row.app_ref, users);
    }
    users.set(row.user_id, row.source ?? 'unknown');
  }
  for (const [appRef, sources] of byApp) {
    if (!(await isAggregateFresh(trx, appRef))) continue;
    const changes = new AggregateChanges();
    const moved = (await selectByUserIds(trx, 'app_users', ['user_id', 'source'], appRef, [...sources.keys()]))
      .map(([userId, source]) => ({ userId: userId as string, from: (source as string | null) ?? 'unknown' }))
      .filter((user) => user.from !== sources.get(user.userId));
    if (moved.length === 0) continue;
    const states = await readUserStates(
      trx,
      appRef,
      moved.map((user) => user.userId),
    );
    for (const { userId, from } of moved) {
      const stored = states.get(userId);
      if (!stored) continue;
      for (const [scope, span] of decodeUserState(stored.state).spans) changes.moveSource(scope, span.first, from, sources.get(userId)!);
    }
    await applyAggregateChanges(trx, appRef, changes);
  }
}
