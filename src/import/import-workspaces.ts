import { upsertRows } from '../db/bulk-rows.ts';
import { checkKey, checkLength, checkTimeZone } from './check-values.ts';
import { rowImporter } from './file-importer.ts';

interface WorkspaceRow {
  workspace_id: string;
  name: string;
  slack_team_id: string | null;
  timezone: string;
}

export const importWorkspaces = rowImporter<WorkspaceRow>({
  file: 'workspaces.csv',
  columns: ['workspace_id', 'name', 'slack_team_id', 'timezone'],
  parseRow(values) {
    const teamId = (values.slack_team_id ?? '').trim();
    return {
      workspace_id: checkKey(values, 'workspace_id', 64),
      name: checkLength(values.name ?? '', 'name', 255),
      slack_team_id: teamId === '' ? null : checkLength(teamId, 'slack_team_id', 32),
      timezone: checkTimeZone(values, 'timezone'),
    };
  },
  async writeBatch(rows, context) {
    await upsertRows(context.trx, 'workspaces', rows, ['workspace_id'], ['name', 'slack_team_id', 'timezone']);
    for (const row of rows) context.workspaces.add(row.workspace_id);
  },
});
