import { upsertRows } from '../db/bulk-rows.ts';
import { checkKey, checkLength, checkWorkspace } from './check-values.ts';
import { rowImporter } from './file-importer.ts';

interface MemberRow {
  workspace_id: string;
  email: string;
  slack_user_id: string | null;
  role: string;
}

export const importMembers = rowImporter<MemberRow>({
  file: 'members.csv',
  columns: ['workspace_id', 'email', 'slack_user_id', 'role'],
  parseRow(values, context) {
    const slackUserId = (values.slack_user_id ?? '').trim();
    return {
      workspace_id: checkWorkspace(values, context.workspaces),
      // E-mail addresses are matched against Slack profiles, which differ in case and spacing.
      email: checkKey(values, 'email', 254).trim().toLowerCase(),
      slack_user_id: slackUserId === '' ? null : checkLength(slackUserId, 'slack_user_id', 32),
      role: checkLength((values.role ?? '').trim(), 'role', 64),
    };
  },
  async writeBatch(rows, context) {
    await upsertRows(context.trx, 'members', rows, ['workspace_id', 'email'], ['slack_user_id', 'role']);
  },
});
