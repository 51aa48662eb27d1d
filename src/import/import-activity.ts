import { updateAggregatesForActivity } from '../aggregates/update-aggregates-for-activity.ts';
import { replaceRows } from '../db/replace-rows.ts';
import { upsertRows } from '../db/upsert-rows.ts';
import type { Knex } from 'knex';
import { checkDay, checkKey, checkPageViews, checkWorkspace } from './check-values.ts';
import type { FileImporter } from './file-importer.ts';
import { requireApp, scopedKey } from './import-context.ts';
import { RowError } from './import-error.ts';
import { splitInto } from '../util/split-into.ts';

interface ActivityRow {
  app_ref: number;
  mini_program_ref: number;
  user_id: string;
  day: string;
  page_views: number;
}

const LOOKUP_CHUNK = 500;

export const importActivity: FileImporter<ActivityRow, RefsByUserId | null> = {
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
  async prepareBatch(rows, context) {
    return context.reader ? lookUpStoredUsers(context.reader, usersByApp(rows)) : null;
  },
  async writeBatch(rows, context, stored) {
    const { trx } = context;
    const userRefs = await resolveUserRefs(trx, rows, stored);
    const sorted = rows
      .map((row) => ({
        app_ref: row.app_ref,
        day: row.day,
        user_ref: userRefs.get(row.app_ref)!.get(row.user_id)!,
        mini_program_ref: row.mini_program_ref,
        page_views: row.page_views,
      }))
      // In primary-key order (the store appends instead of splitting pages); stable, so of rows
      // with one key the file's last comes last, and is the one kept.
      .sort((a, b) => a.app_ref - b.app_ref || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) || a.user_ref - b.user_ref || a.mini_program_ref - b.mini_program_ref);
    const records = sorted.filter((record, i) => {
      const next = sorted[i + 1];
      return !next || next.app_ref !== record.app_ref || next.day !== record.day || next.user_ref !== record.user_ref || next.mini_program_ref !== record.mini_program_ref;
    });
    await updateAggregatesForActivity(trx, records, context.upkeep);
    await replaceRows(trx, 'activity', records, ['app_ref', 'day', 'user_ref', 'mini_program_ref']);
    for (const record of records) {
      let days = context.touchedDays.get(record.app_ref);
      if (!days) context.touchedDays.set(record.app_ref, (days = new Set()));
      days.add(record.day);
    }
  },
};

/** app → user id → app_users.id */
type RefsByUserId = Map<number, Map<string, number>>;

/** Lookups of stored users run this many at once, each over a contiguous share of them. */
const PARALLEL_LOOKUPS = 4;

/** The users of a batch by app, each app's sorted (index order: consecutive lookups read neighbouring pages). */
function usersByApp(rows: ActivityRow[]): Map<number, string[]> {
  const wanted = new Map<number, Set<string>>();
  for (const row of rows) {
    let users = wanted.get(row.app_ref);
    if (!users) wanted.set(row.app_ref, (users = new Set()));
    users.add(row.user_id);
  }
  return new Map([...wanted].map(([appRef, users]) => [appRef, [...users].sort()]));
}

async function lookUpUsers(db: Knex | Knex.Transaction, appRef: number, userIds: string[], found: Map<string, number>): Promise<void> {
  for (let i = 0; i < userIds.length; i += LOOKUP_CHUNK) {
    const stored = await db('app_users')
      .where('app_ref', appRef)
      .whereIn('user_id', userIds.slice(i, i + LOOKUP_CHUNK))
      .select<{ id: number; user_id: string }[]>('id', 'user_id');
    for (const row of stored) found.set(row.user_id, Number(row.id));
  }
}

/** The refs of users stored before the import, looked up on the reader, several lookups at once. */
async function lookUpStoredUsers(reader: Knex, users: Map<number, string[]>): Promise<RefsByUserId> {
  const refs: RefsByUserId = new Map();
  for (const [appRef, userIds] of users) {
    const found = new Map<string, number>();
    refs.set(appRef, found);
    await Promise.all(splitInto(userIds, PARALLEL_LOOKUPS).map((part) => lookUpUsers(reader, appRef, part, found)));
  }
  return refs;
}

/**
 * Finds (or creates, with unknown source) the app_users row of every user in the batch. Those
 * `stored` does not have (new, or created earlier in this import) are looked up in the transaction.
 */
async function resolveUserRefs(trx: Knex.Transaction, rows: ActivityRow[], stored: RefsByUserId | null): Promise<RefsByUserId> {
  const refs: RefsByUserId = new Map();
  for (const [appRef, userIds] of usersByApp(rows)) {
    const found = stored?.get(appRef) ?? new Map<string, number>();
    refs.set(appRef, found);
    if (!stored) await lookUpUsers(trx, appRef, userIds, found);
    const missing = userIds.filter((userId) => !found.has(userId));
    if (missing.length === 0) continue;
    const newUsers = missing.map((userId) => ({ app_ref: appRef, user_id: userId, source: null }));
    await upsertRows(trx, 'app_users', newUsers, ['app_ref', 'user_id'], []);
    await lookUpUsers(trx, appRef, missing, found);
  }
  return refs;
}
