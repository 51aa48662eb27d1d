import { markCategoryChanges } from '../aggregates/reference-changes.ts';
import { upsertRows } from '../db/bulk-rows.ts';
import { RowError } from '../domain/errors.ts';
import { STATUS_GROUPS } from '../domain/status-groups.ts';
import { checkDay, checkKey, checkLength, checkOneOf, checkWorkspace } from './check-values.ts';
import { rowImporter } from './file-importer.ts';
import { requireApp, scopedKey } from './import-context.ts';

/** Stored for a mini program whose category or source column is empty. */
export const UNKNOWN = 'unknown';

interface MiniProgramRow {
  workspace_id: string;
  mini_program_id: string;
  app_ref: number;
  app_id: string;
  name: string;
  category: string;
  source: string;
  status: string;
  created_on: string;
}

export const importMiniPrograms = rowImporter<MiniProgramRow>({
  file: 'mini_programs.csv',
  columns: ['workspace_id', 'mini_program_id', 'app_id', 'name', 'category', 'source', 'status', 'created_on'],
  parseRow(values, context) {
    const workspaceId = checkWorkspace(values, context.workspaces);
    const appId = checkKey(values, 'app_id', 128);
    const appRef = requireApp(context, workspaceId, appId);
    const category = checkLength(values.category ?? '', 'category', 191);
    const source = checkLength(values.source ?? '', 'source', 191);
    return {
      workspace_id: workspaceId,
      mini_program_id: checkKey(values, 'mini_program_id', 128),
      app_ref: appRef,
      app_id: appId,
      name: checkLength(values.name ?? '', 'name', 255),
      category: category.trim() === '' ? UNKNOWN : category,
      source: source.trim() === '' ? UNKNOWN : source,
      status: checkOneOf(values, 'status', Object.keys(STATUS_GROUPS)),
      created_on: checkDay(values, 'created_on', context.days),
    };
  },
  async writeBatch(rows, context) {
    const { trx } = context;
    for (const [index, row] of rows.entries()) {
      const existing = context.miniPrograms.get(scopedKey(row.workspace_id, row.mini_program_id));
      if (existing && existing.appRef !== row.app_ref) {
        const hasActivity = await trx('activity').where({ app_ref: existing.appRef, mini_program_ref: existing.id }).first('day');
        if (hasActivity) {
          throw new RowError(`mini program "${row.mini_program_id}" already has activity in another app; it cannot move to app "${row.app_id}"`, index);
        }
      }
    }
    await markCategoryChanges(trx, rows);
    await upsertRows(
      trx,
      'mini_programs',
      rows.map(({ app_id: _appId, ...row }) => row),
      ['workspace_id', 'mini_program_id'],
      ['app_ref', 'name', 'category', 'source', 'status', 'created_on'],
    );
    const byWorkspace = new Map<string, string[]>();
    for (const row of rows) byWorkspace.set(row.workspace_id, [...(byWorkspace.get(row.workspace_id) ?? []), row.mini_program_id]);
    for (const [workspaceId, ids] of byWorkspace) {
      const stored = await trx('mini_programs')
        .where('workspace_id', workspaceId)
        .whereIn('mini_program_id', ids)
        .select<{ id: number; mini_program_id: string; app_ref: number }[]>('id', 'mini_program_id', 'app_ref');
      for (const row of stored) {
        context.miniPrograms.set(scopedKey(workspaceId, row.mini_program_id), { id: Number(row.id), appRef: Number(row.app_ref) });
      }
    }
  },
});
