/**
 * The importer of activity.csv: each row checked against what the store and this import know,
 * then, a batch at a time, its users found (or created), handed to the aggregate upkeep, and its
 * rows written while the next batch is worked on.
 */
import { RowError } from '../domain/errors.ts';
import { handledLater } from '../util/handled-later.ts';
import { ActivityBatch } from './activity-batch.ts';
import { type ActivityRecords, sortActivityRecords, writeActivityRecords } from './activity-records.ts';
import { checkDayNumber, checkKey, checkPageViews, checkWorkspace } from './check-values.ts';
import type { FileImporter } from './file-importer.ts';
import { type ImportContext, requireApp, scopeKey } from './import-context.ts';
import { findInTransaction, USERS_PER_CHUNK, UserLookups } from './user-lookups.ts';

/** Lookups beside the transaction run this many at once per chunk, each over a contiguous share of it. */
const PARALLEL_LOOKUPS = 4;

export const importActivity: FileImporter<ActivityBatch, UserLookups | null> = {
  file: 'activity.csv',
  // Large batches: each one's users are swept once, in index order (see writeBatch).
  batchSize: 1_000_000,
  columns: ['workspace_id', 'app_id', 'mini_program_id', 'user_id', 'day', 'page_views'],
  startBatch: (previous) => new ActivityBatch(previous),
  isComplete: (batch) => batch.complete,
  addRow(batch, values, context) {
    const workspaceId = checkWorkspace(values, context.workspaces);
    const appId = checkKey(values, 'app_id', 128);
    const appRef = requireApp(context, workspaceId, appId);
    const miniProgramId = checkKey(values, 'mini_program_id', 128);
    const miniProgram = context.miniPrograms.get(scopeKey(workspaceId, miniProgramId));
    if (miniProgram === undefined) {
      throw new RowError(`mini program "${miniProgramId}" is neither in the store nor in this import's mini_programs.csv for workspace "${workspaceId}"`);
    }
    if (miniProgram.appRef !== appRef) {
      throw new RowError(`mini program "${miniProgramId}" belongs to another app, not to app "${appId}"`);
    }
    const userId = checkKey(values, 'user_id', 128);
    const day = checkDayNumber(values, 'day', context.days);
    batch.add(appRef, miniProgram.id, userId, day, checkPageViews(values, 'page_views'));
  },
  finishFile: (context) => context.activityWritten,
  prepareBatch(batch, context) {
    return context.reader ? new UserLookups(batch, context.reader, PARALLEL_LOOKUPS, !context.upkeep.deferred).readAhead() : null;
  },
  /**
   * Finds the app_users.id of each of the batch's users (creating the users not stored, with
   * unknown source) and, for apps that keep their aggregates, hands them with their stored states
   * to the upkeep, before the rows are written. The users go in index order, a chunk at a time,
   * and a returning user's ref and state come from one lookup of `user_states`: the upkeep writes
   * a chunk's states while the pages holding them are still in the database's memory, so a batch
   * reads and writes each page of `user_states` once, however the file orders its rows.
   */
  async writeBatch(batch, context, prepared) {
    const { trx, upkeep } = context;
    const lookups = prepared ?? new UserLookups(batch, trx, 1, !upkeep.deferred);
    batch.groupByUser();
    const { refs, states } = lookups;
    for (let a = 0; a < lookups.apps.length; a++) {
      const { appRef, userIds, numbers } = lookups.apps[a]!;
      const kept = await upkeep.keeps(trx, appRef);
      for (let first = 0; first < userIds.length; first += USERS_PER_CHUNK) {
        await lookups.next();
        const chunk = numbers.subarray(first, first + USERS_PER_CHUNK);
        const missing: string[] = [];
        for (let i = 0; i < chunk.length; i++) if (refs[chunk[i]!] === 0) missing.push(userIds[first + i]!);
        if (missing.length) await findInTransaction(trx, appRef, missing, batch.usersByApp.get(appRef)!, refs);
        const sourceReader = prepared && context.reader ? { db: context.reader, written: context.sourcesWritten?.get(appRef) } : undefined;
        if (kept)
          await upkeep.addUsers(trx, appRef, batch, { users: chunk, refs, states, current: !prepared, storedRows: context.activityWritten, sourceReader });
      }
    }
    await upkeep.settle();
    // This batch's rows are written while the next batch is looked up and computed (the
    // transaction runs its statements in order); a batch waits for the one before it here, and
    // reads of stored rows wait for it (see UserChunk).
    await context.activityWritten;
    const records = sortActivityRecords(batch, refs);
    context.activityWritten = handledLater(writeActivityRecords(trx, records, context.days));
    rememberTouchedDays(context, records);
  },
};

/** Records the days of each app the rows fall on (see ImportSummary.touchedDays). */
function rememberTouchedDays(context: ImportContext, records: ActivityRecords): void {
  for (let r = 0; r < records.length; r++) {
    if (r > 0 && records.appRefs[r] === records.appRefs[r - 1] && records.days[r] === records.days[r - 1]) continue;
    let days = context.touchedDays.get(records.appRefs[r]!);
    if (!days) {
      days = new Set();
      context.touchedDays.set(records.appRefs[r]!, days);
    }
    days.add(context.days.textOf(records.days[r]!));
  }
}
