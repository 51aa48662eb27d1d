import { updateAggregatesForActivity } from '../aggregates/update-aggregates-for-activity.ts';
import { replaceRows } from '../db/replace-rows.ts';
import { upsertRows } from '../db/upsert-rows.ts';
import type { Knex } from 'knex';
import { checkDay, checkKey, checkPageViews, checkWorkspace } from './check-values.ts';
import type { FileImporter } from './file-importer.ts';
import { requireApp, scopedKey } from './import-context.ts';
import { RowError } from './import-error.ts';

interface ActivityRow {
  app_ref: number;
  mini_program_ref: number;
  user_id: string;
  day: string;
  page_views: number;
}

const LOOKUP_CHUNK = 500;

export const importActivity: FileImporter<ActivityRow> = {
  file: 'activity.csv',
  // Large batches: each lookup and upkeep pass then walks the indexes once, in order.
  batchSize: 200_000,
  columns: ['workspace_id', 'app_id', 'mini_program_id', 'user_id', 'day', 'page_views'],
  parseRow(values, context) {
    const workspaceId = checkWorkspace(values, context.workspaces);
    const appId = checkKey(values, 'app_id', 128);
    const appRef = requireApp(context, workspaceId, appId);
    const miniProgramId = checkKey(values, 'mini_program_id', 128);
    const miniProgram = context.miniPrograms.get(scopedKey(workspaceId, miniProgramId));
    if (miniProgram === undefined) {
      throw new RowError(
        `mini program "${miniProgramId}" is neither in the store nor in this import's mini_programs.csv for workspace "${workspaceId}"`,
      );
    }
    if (miniProgram.appRef !== appRef) {
      throw new RowError(`mini program "${miniProgramId}" belongs to another app, not to app "${appId}"`);
    }
    return {
      app_ref: appRef,
      mini_program_ref: miniProgram.id,
      user_id: checkKey(values, 'user_id', 128),
      day: checkDay(values, 'day'),
      page_views: checkPageViews(values, 'page_views'),
    };
  },
  async writeBatch(rows, context) {
    const { trx } = context;
    const userRefs = await resolveUserRefs(trx, rows);
    const records = rows.map((row) => ({
      app_ref: row.app_ref,
      day: row.day,
      user_ref: userRefs.get(scopedKey(String(row.app_ref), row.user_id))!,
      mini_program_ref: row.mini_program_ref,
      page_views: row.page_views,
    }));
    await updateAggregatesForActivity(trx, records, context.upkeep);
    // In primary-key order: the store appends instead of splitting pages here and there.
    records.sort((a, b) => a.app_ref - b.app_ref || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) || a.user_ref - b.user_ref || a.mini_program_ref - b.mini_program_ref);
    await replaceRows(trx, 'activity', records, ['app_ref', 'day', 'user_ref', 'mini_program_ref']);
    for (const row of rows) {
      let days = context.touchedDays.get(row.app_ref);
      if (!days) context.touchedDays.set(row.app_ref, (days = new Set()));
      days.add(row.day);
    }
  },
};

/** Finds (or creates, with unknown source) the app_users row of every user in the batch. */
async function resolveUserRefs(trx: Knex.Transaction, rows: ActivityRow[]): Promise<Map<string, number>> {
  const wanted = new Map<number, Set<string>>();
  for (const row of rows) {
    let users = wanted.get(row.app_ref);
    if (!users) wanted.set(row.app_ref, (users = new Set()));
    users.add(row.user_id);
  }
  const refs = new Map<string, number>();
  const lookUp = async (appRef: number, userIds: string[]) => {
    for (let i = 0; i < userIds.length; i += LOOKUP_CHUNK) {
      const found = await trx('app_users')
        .where('app_ref', appRef)
        .whereIn('user_id', userIds.slice(i, i + LOOKUP_CHUNK))
        .select<{ id: number; user_id: string }[]>('id', 'user_id');
      for (const row of found) refs.set(scopedKey(String(appRef), row.user_id), Number(row.id));
    }
  };
  for (const [appRef, users] of wanted) {
    // In index order, so that consecutive lookups read neighbouring pages.
    await lookUp(appRef, [...users].sort());
    const missing = [...users].filter((userId) => !refs.has(scopedKey(String(appRef), userId)));
    if (missing.length === 0) continue;
    const newUsers = missing.map((userId) => ({ app_ref: appRef, user_id: userId, source: null }));
    await upsertRows(trx, 'app_users', newUsers, ['app_ref', 'user_id'], []);
    await lookUp(appRef, missing);
  }
  return refs;
}
