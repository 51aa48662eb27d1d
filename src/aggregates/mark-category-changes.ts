import type { Knex } from 'knex';
import { isAggregateFresh, setAggregateState } from './set-aggregate-state.ts';

/**
 * A mini program that changes category moves all its past activity between category scopes and
 * can change users' preferred categories: its app's aggregates become stale (answers come from
 * the store) until `miniapp-stats rebuild`.
 */
export async function markCategoryChanges(
  trx: Knex.Transaction,
  rows: { workspace_id: string; mini_program_id: string; app_ref: number; category: string }[],
): Promise<void> {
  const byWorkspace = new Map<string, Map<string, string>>();
  for (const row of rows) {
    let programs = byWorkspace.get(row.workspace_id);
    if (!programs) {
      programs = new Map();
      byWorkspace.set(row.workspace_id, programs);
    }
    programs.set(row.mini_program_id, row.category);
  }
  for (const [workspaceId, programs] of byWorkspace) {
    const stored = await trx('mini_programs')
      .where('workspace_id', workspaceId)
      .whereIn('mini_program_id', [...programs.keys()])
      .select<{ id: number; mini_program_id: string; app_ref: number; category: string }[]>('id', 'mini_program_id', 'app_ref', 'category');
    for (const program of stored) {
      if (programs.get(program.mini_program_id) === program.category) continue;
      const appRef = Number(program.app_ref);
      if (!(await isAggregateFresh(trx, appRef))) continue;
      const used = await trx('activity').where({ app_ref: appRef, mini_program_ref: program.id }).first('day');
      if (used) await setAggregateState(trx, appRef, 'stale', `the category of mini program ${program.mini_program_id} changed; run \`miniapp-stats rebuild\``);
    }
  }
}
