import { updateAggregatesForSources } from '../aggregates/reference-changes.ts';
import { upsertRows } from '../db/bulk-rows.ts';
import { checkKey, checkLength, checkWorkspace } from './check-values.ts';
import { rowImporter } from './file-importer.ts';
import { rememberSourcesWritten, requireApp } from './import-context.ts';

interface UserRow {
  app_ref: number;
  user_id: string;
  source: string | null;
}

export const importUsers = rowImporter<UserRow>({
  file: 'users.csv',
  columns: ['workspace_id', 'app_id', 'user_id', 'source'],
  parseRow(values, context) {
    const workspaceId = checkWorkspace(values, context.workspaces);
    const appId = checkKey(values, 'app_id', 128);
    const appRef = requireApp(context, workspaceId, appId);
    const source = checkLength(values.source ?? '', 'source', 191);
    return {
      app_ref: appRef,
      user_id: checkKey(values, 'user_id', 128),
      source: source.trim() === '' ? null : source,
    };
  },
  async writeBatch(rows, context) {
    await updateAggregatesForSources(context.trx, rows);
    rememberSourcesWritten(context, rows);
    await upsertRows(context.trx, 'app_users', rows, ['app_ref', 'user_id'], ['source']);
  },
});
