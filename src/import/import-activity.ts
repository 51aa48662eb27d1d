import type { Knex } from 'knex';
import { type RowSource, replaceRows, selectByUserIds, upsertRows, type Value } from '../db/bulk-rows.ts';
import { RowError } from '../domain/errors.ts';
import type { DayCache } from '../util/days.ts';
import { handledLater } from '../util/handled-later.ts';
import { splitInto } from '../util/split-into.ts';
import { ActivityBatch } from './activity-batch.ts';
import { checkDayNumber, checkKey, checkPageViews, checkWorkspace } from './check-values.ts';
import type { FileImporter } from './file-importer.ts';
import { requireApp, scopedKey } from './import-context.ts';

/** Users whose refs and states are looked up, and handed to the upkeep, at a time. */
const USERS_PER_CHUNK = 2000;
/** Chunks whose lookups are under way while one is worked on. */
const CHUNKS_AHEAD = 2;
/** Lookups beside the transaction run this many at once per chunk, each over a contiguous share of it. */
const PARALLEL_LOOKUPS = 4;
const ACTIVITY_KEY = ['app_ref', 'day', 'user_ref', 'mini_program_ref'] as const;

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
    const miniProgram = context.miniPrograms.get(scopedKey(workspaceId, miniProgramId));
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
    const records = sortRecords(batch, refs);
    context.activityWritten = handledLater(replaceRows(trx, 'activity', activityRows(records, context.days), ACTIVITY_KEY));
    for (let r = 0; r < records.length; r++) {
      if (r > 0 && records.appRefs[r] === records.appRefs[r - 1] && records.days[r] === records.days[r - 1]) continue;
      let days = context.touchedDays.get(records.appRefs[r]!);
      if (!days) {
        days = new Set();
        context.touchedDays.set(records.appRefs[r]!, days);
      }
      days.add(context.days.textOf(records.days[r]!));
    }
  },
};

/**
 * The lookups of a batch's stored users, app by app, a chunk of users at a time in index order
 * (see writeBatch), kept CHUNKS_AHEAD chunks ahead of their use; they fill in each user's
 * app_users.id (0 while not found) and stored state (null where none), by user number. On MySQL
 * they run on the reader (the store as it was before the import), several queries at once, and
 * start as soon as the batch is complete, while the batch before it is written: its apps' users
 * are another part of the indexes, and what that batch changes is looked up again in the
 * transaction. Elsewhere they run in the transaction, when the batch is written.
 */
class UserLookups {
  /** Each app's users by id in index order, with their numbers. */
  readonly apps: { appRef: number; userIds: string[]; numbers: Uint32Array }[];
  readonly refs: Uint32Array;
  readonly states: (Uint8Array | null)[];
  private app = 0;
  private first = 0;
  private readonly started: Promise<void>[] = [];

  constructor(
    private readonly batch: ActivityBatch,
    private readonly db: Knex | Knex.Transaction,
    private readonly parallel: number,
    private readonly withStates: boolean,
  ) {
    this.apps = [...batch.usersByApp].map(([appRef, users]) => {
      const userIds = [...users.keys()].sort();
      return { appRef, userIds, numbers: Uint32Array.from(userIds, (userId) => users.get(userId)!) };
    });
    this.refs = new Uint32Array(batch.userIds.length);
    this.states = new Array<Uint8Array | null>(batch.userIds.length).fill(null);
  }

  /** Waits for the next chunk (chunks come app by app, in order). */
  next(): Promise<void> {
    this.readAhead();
    const chunk = this.started.shift()!;
    this.readAhead();
    return chunk;
  }

  readAhead(): this {
    while (this.started.length < CHUNKS_AHEAD && this.app < this.apps.length) {
      const { appRef, userIds } = this.apps[this.app]!;
      this.started.push(handledLater(this.lookUp(appRef, userIds.slice(this.first, this.first + USERS_PER_CHUNK))));
      this.first += USERS_PER_CHUNK;
      if (this.first >= userIds.length) [this.app, this.first] = [this.app + 1, 0];
    }
    return this;
  }

  /** Users from `user_states` (ref and state), the rest (and all of them without `withStates`) from `app_users`. */
  private async lookUp(appRef: number, userIds: string[]): Promise<void> {
    const users = this.batch.usersByApp.get(appRef)!;
    const { refs, states } = this;
    await Promise.all(
      splitInto(userIds, this.parallel).map(async (part) => {
        if (this.withStates) {
          for (const [userId, userRef, state] of await selectByUserIds(this.db, 'user_states', ['user_id', 'user_ref', 'state'], appRef, part)) {
            const user = users.get(userId as string)!;
            refs[user] = Number(userRef);
            states[user] = state as Uint8Array;
          }
        }
        await readUserRefs(this.db, appRef, this.withStates ? part.filter((userId) => refs[users.get(userId)!] === 0) : part, users, refs);
      }),
    );
  }
}

/** The app_users.id of some users of an app (`users`: their numbers), where stored. */
async function readUserRefs(db: Knex | Knex.Transaction, appRef: number, userIds: string[], users: Map<string, number>, refs: Uint32Array): Promise<void> {
  for (const [userId, id] of await selectByUserIds(db, 'app_users', ['user_id', 'id'], appRef, userIds)) refs[users.get(userId as string)!] = Number(id);
}

/** Users the lookups beside the transaction did not find: created earlier in this import, or new (then created here). */
async function findInTransaction(trx: Knex.Transaction, appRef: number, userIds: string[], users: Map<string, number>, refs: Uint32Array): Promise<void> {
  await readUserRefs(trx, appRef, userIds, users, refs);
  const missing = userIds.filter((userId) => refs[users.get(userId)!] === 0);
  if (missing.length === 0) return;
  await upsertRows(
    trx,
    'app_users',
    missing.map((userId) => ({ app_ref: appRef, user_id: userId, source: null })),
    ['app_ref', 'user_id'],
    [],
  );
  await readUserRefs(trx, appRef, missing, users, refs);
}

/** Activity rows to write, in columns. */
interface ActivityRecords {
  length: number;
  appRefs: Uint32Array;
  days: Int32Array;
  userRefs: Uint32Array;
  programRefs: Uint32Array;
  views: Uint32Array;
}

function sortRecords(batch: ActivityBatch, refs: Uint32Array): ActivityRecords {
  const { appRefs, days, programRefs, users } = batch;
  const compare = (a: number, b: number) =>
    appRefs[a]! - appRefs[b]! || days[a]! - days[b]! || refs[users[a]!]! - refs[users[b]!]! || programRefs[a]! - programRefs[b]! || a - b;
  let order = new Uint32Array(batch.length);
  let sorted = true;
  for (let i = 0; i < order.length; i++) {
    order[i] = i;
    if (i > 0 && sorted && compare(i - 1, i) > 0) sorted = false;
  }
  if (!sorted) order = order.sort(compare);
  const sameKey = (a: number, b: number) => appRefs[a] === appRefs[b] && days[a] === days[b] && users[a] === users[b] && programRefs[a] === programRefs[b];
  const kept = order.filter((row, i) => i + 1 === order.length || !sameKey(row, order[i + 1]!));
  const pick = <T extends Uint32Array | Int32Array>(column: T, into: T) => {
    kept.forEach((row, i) => {
      into[i] = column[row]!;
    });
    return into;
  };
  return {
    length: kept.length,
    appRefs: pick(appRefs, new Uint32Array(kept.length)),
    days: pick(days, new Int32Array(kept.length)),
    userRefs: kept.map((row) => refs[users[row]!]!),
    programRefs: pick(programRefs, new Uint32Array(kept.length)),
    views: pick(batch.views, new Uint32Array(kept.length)),
  };
}

function activityRows(records: ActivityRecords, days: DayCache): RowSource {
  const values: Value[] = [0, '', 0, 0, 0];
  return {
    columns: ['app_ref', 'day', 'user_ref', 'mini_program_ref', 'page_views'],
    length: records.length,
    row(i) {
      values[0] = records.appRefs[i]!;
      values[1] = days.textOf(records.days[i]!);
      values[2] = records.userRefs[i]!;
      values[3] = records.programRefs[i]!;
      values[4] = records.views[i]!;
      return values;
    },
  };
}
