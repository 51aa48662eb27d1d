import type { Knex } from 'knex';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges } from './apply-aggregate-changes.ts';
import { decodeUserState } from './encode-user-state.ts';
import { readUserStates } from './read-user-states.ts';
import { isAggregateFresh } from './set-aggregate-state.ts';

/**
 * Users by source counts each user under their source on their first day: when users.csv
 * changes a known user's source, move them from the old source to the new one in every scope.
 * Returns the users moved, by app (apps that keep their aggregates).
 */
export async function updateAggregatesForSources(trx: Knex.Transaction, rows: { app_ref: number; user_id: string; source: string | null }[]): Promise<Map<number, string[]>> {
  const movedByApp = new Map<number, string[]>();
  const byApp = new Map<number, Map<string, string>>();
  for (const row of rows) {
    let users = byApp.get(row.app_ref);
    if (!users) byApp.set(row.app_ref, (users = new Map()));
    users.set(row.user_id, row.source ?? 'unknown');
  }
  for (const [appRef, sources] of byApp) {
    if (!(await isAggregateFresh(trx, appRef))) continue;
    const changes = new AggregateChanges();
    const ids = [...sources.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const stored = await trx('app_users')
        .where('app_ref', appRef)
        .whereIn('user_id', ids.slice(i, i + 500))
        .select<{ id: number; user_id: string; source: string | null }[]>('id', 'user_id', 'source');
      const moved = stored.filter((u) => (u.source ?? 'unknown') !== sources.get(u.user_id));
      if (moved.length === 0) continue;
      if (!movedByApp.has(appRef)) movedByApp.set(appRef, []);
      movedByApp.get(appRef)!.push(...moved.map((u) => u.user_id));
      const states = await readUserStates(trx, appRef, moved.map((u) => u.user_id));
      for (const user of moved) {
        const stored = states.get(user.user_id);
        if (!stored) continue;
        for (const [scope, span] of decodeUserState(stored.state).spans) changes.moveSource(scope, span.first, user.source ?? 'unknown', sources.get(user.user_id)!);
      }
    }
    await applyAggregateChanges(trx, appRef, changes);
  }
  return movedByApp;
}

