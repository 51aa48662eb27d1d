/**
 * The importers of the contract's files other than activity.csv: workspaces, members, merchants,
 * apps, mini programs and users. Each checks a line into its table's row (see db/tables.ts) and
 * upserts a batch of rows by key, keeping the import's context up to date with what it wrote.
 */
import { markCategoryChanges, updateAggregatesForSources } from '../aggregates/reference-changes.ts';
import { upsertRows } from '../db/bulk-rows.ts';
import type { AppRow, AppUserRow, MemberRow, MerchantRow, MiniProgramRow, WorkspaceRow } from '../db/tables.ts';
import { RowError } from '../domain/errors.ts';
import { STATUS_GROUPS } from '../domain/status-groups.ts';
import { checkDay, checkKey, checkLength, checkOneOf, checkTimeZone, checkWorkspace } from './check-values.ts';
import { createRowImporter } from './file-importer.ts';
import { rememberSourcesWritten, requireApp, scopeKey } from './import-context.ts';

const MERCHANT_KINDS = ['technical', 'non_technical'] as const;
/** Stored for a mini program whose category or source column is empty. */
const UNKNOWN = 'unknown';

export const importWorkspaces = createRowImporter<WorkspaceRow>({
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

export const importMembers = createRowImporter<MemberRow>({
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

export const importMerchants = createRowImporter<MerchantRow>({
  file: 'merchants.csv',
  columns: ['workspace_id', 'merchant_id', 'name', 'kind', 'onboarded_on'],
  parseRow(values, context) {
    return {
      workspace_id: checkWorkspace(values, context.workspaces),
      merchant_id: checkKey(values, 'merchant_id', 128),
      name: checkLength(values.name ?? '', 'name', 255),
      kind: checkOneOf(values, 'kind', MERCHANT_KINDS),
      onboarded_on: checkDay(values, 'onboarded_on', context.days),
    };
  },
  async writeBatch(rows, context) {
    await upsertRows(context.trx, 'merchants', rows, ['workspace_id', 'merchant_id'], ['name', 'kind', 'onboarded_on']);
  },
});

export const importApps = createRowImporter<Omit<AppRow, 'id'>>({
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
    const stored = await context.trx('apps').whereIn('workspace_id', workspaceIds).select('id', 'workspace_id', 'app_id');
    for (const row of stored) context.apps.set(scopeKey(row.workspace_id, row.app_id), Number(row.id));
  },
});

/** A mini program's row, with the app id it names (for the messages about it). */
type MiniProgramLine = Omit<MiniProgramRow, 'id'> & { app_id: string };

export const importMiniPrograms = createRowImporter<MiniProgramLine>({
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
      const existing = context.miniPrograms.get(scopeKey(row.workspace_id, row.mini_program_id));
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
      const stored = await trx('mini_programs').where('workspace_id', workspaceId).whereIn('mini_program_id', ids).select('id', 'mini_program_id', 'app_ref');
      for (const row of stored) {
        context.miniPrograms.set(scopeKey(workspaceId, row.mini_program_id), { id: Number(row.id), appRef: Number(row.app_ref) });
      }
    }
  },
});

export const importUsers = createRowImporter<Omit<AppUserRow, 'id'>>({
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
