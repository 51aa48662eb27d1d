/**
 * What changed reference rows do to the aggregates, before the import writes them: a mini
 * program's new category marks its app stale, a user's new source moves them between sources.
 */
import type { Knex } from 'knex';
import { selectByUserIds } from '../db/bulk-rows.ts';
import type { AppUserRow, MiniProgramRow } from '../db/tables.ts';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges, isAggregateFresh, setAggregateState } from './aggregate-store.ts';
import { UserStateEditor } from './user-state.ts';
import { readUserStates } from './user-store.ts';

/**
 * A mini program that changes category moves all its past activity between category scopes and
 * can change users' preferred categories: its app's aggregates become stale (answers come from
 * the store) until `miniapp-stats rebuild`.
 */
export async function markCategoryChanges(
  trx: Knex.Transaction,
  rows: readonly Pick<MiniProgramRow, 'workspace_id' | 'mini_program_id' | 'app_ref' | 'category'>[],
): Promise<void> {
  const byWorkspace = groupRows(
    rows,
    (row) => row.workspace_id,
    (row) => [row.mini_program_id, row.category],
  );
  for (const [workspaceId, programs] of byWorkspace) {
    const stored = await trx('mini_programs')
      .where('workspace_id', workspaceId)
      .whereIn('mini_program_id', [...programs.keys()])
      .select('id', 'mini_program_id', 'app_ref', 'category');
    for (const program of stored) {
      if (programs.get(program.mini_program_id) === program.category) continue;
      const appRef = Number(program.app_ref);
      if (!(await isAggregateFresh(trx, appRef))) continue;
      const used = await trx('activity').where({ app_ref: appRef, mini_program_ref: program.id }).first('day');
      if (used) await setAggregateState(trx, appRef, 'stale', `the category of mini program ${program.mini_program_id} changed; run \`miniapp-stats rebuild\``);
    }
  }
}

/**
 * Users by source counts each user under their source on their first day: when users.csv
 * changes a known user's source, move them from the old source to the new one in every scope.
 */
export async function updateAggregatesForSources(trx: Knex.Transaction, rows: readonly Pick<AppUserRow, 'app_ref' | 'user_id' | 'source'>[]): Promise<void> {
  const byApp = groupRows(
    rows,
    (row) => row.app_ref,
    (row) => [row.user_id, row.source ?? 'unknown'],
  );
  const editor = new UserStateEditor();
  for (const [appRef, sources] of byApp) {
    if (!(await isAggregateFresh(trx, appRef))) continue;
    const changes = new AggregateChanges();
    const moved = (await selectByUserIds(trx, 'app_users', ['user_id', 'source'], appRef, [...sources.keys()]))
      .map(([userId, source]) => ({ userId, from: source ?? 'unknown' }))
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
      for (const [scope, span] of editor.load(stored.state).toState().spans) changes.moveSource(scope, span.first, from, sources.get(userId)!);
    }
    await applyAggregateChanges(trx, appRef, changes);
  }
}

/** The rows by `group`, each group a map of the rows' [key, value] pairs (a key's last row wins). */
function groupRows<R, G>(rows: readonly R[], group: (row: R) => G, entry: (row: R) => [string, string]): Map<G, Map<string, string>> {
  const groups = new Map<G, Map<string, string>>();
  for (const row of rows) {
    const entries = groups.get(group(row)) ?? new Map<string, string>();
    entries.set(...entry(row));
    groups.set(group(row), entries);
  }
  return groups;
}
