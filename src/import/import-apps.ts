import { upsertRows } from '../db/bulk-rows.ts';
import { checkKey, checkLength, checkWorkspace } from './check-values.ts';
import { rowImporter } from './file-importer.ts';
import { scopedKey } from './import-context.ts';

interface AppRow {
  workspace_id: string;
  app_id: string;
  name: string;
}

export const importApps = rowImporter<AppRow>({
  file: 'apps.csv',
  columns: ['workspace_id', 'app_id', 'name'],
  parseRow(values, context) {
    return {
      workspace_id: checkWorkspace(values, context.workspaces),
      app_id: checkKey(values, 'app_id', 128),
      name: checkLength(values.name ?? '', 'name', 255),
    };
  },
  async writeBatch(rows, context) {
    await upsertRows(context.trx, 'apps', rows, ['workspace_id', 'app_id'], ['name']);
    const workspaceIds = [...new Set(rows.map((row) => row.workspace_id))];
    const stored = await context
      .trx('apps')
      .whereIn('workspace_id', workspaceIds)
      .select<{ id: number; workspace_id: string; app_id: string }[]>('id', 'workspace_id', 'app_id');
    for (const row of stored) context.apps.set(scopedKey(row.workspace_id, row.app_id), Number(row.id));
  },
});
