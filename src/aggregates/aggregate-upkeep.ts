import type { Knex } from 'knex';
import { growArray } from '../util/grow-array.ts';
import { handledLater } from '../util/handled-later.ts';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges } from './apply-aggregate-changes.ts';
import { computeUserContribution, type UserDay } from './compute-user-contribution.ts';
import { fromDayNumber } from './day-numbers.ts';
import { encodeUserState } from './encode-user-state.ts';
import { type AppUser, readAppUsers } from './read-app-users.ts';
import { readProgramCategories } from './read-program-categories.ts';
import { readUserHistories } from './read-user-histories.ts';
import { readUserStates, type StoredUserState } from './read-user-states.ts';
import { isAggregateFresh, setAggregateState } from './set-aggregate-state.ts';
import { type CategoryIndex, syncAppCategories } from './sync-app-categories.ts';
import { UserStateEditor } from './user-state-editor.ts';
import { type UserStateWrite, writeUserStates } from './write-user-states.ts';

/**
 * Activity rows about to be written (inserted, or replacing a row with the same key), in columns,
 * with each user's rows listed: user u's row positions are byUser[userStarts[u] .. userStarts[u + 1]).
 */
export interface ActivityRows {
  /** Day numbers (see day-numbers.ts). */
  days: Int32Array;
  programRefs: Uint32Array;
  views: Uint32Array;
  /** Each user's id, as the import files name them. */
  userIds: readonly string[];
  byUser: Uint32Array;
  userStarts: Uint32Array;
}

/**
 * Some users of one app, with what the store holds of them: `users` are user numbers of
 * ActivityRows, `refs` and `states` their app_users.id and stored state (null: none) by user
 * number. With `current`, the states were read in the import's transaction; otherwise beside it,
 * as they were before the import, and a user whose state this import already wrote is read again.
 * `storedRows` settles once the activity rows of earlier batches are written: reads of stored
 * rows wait for it.
 */
export interface UserChunk {
  users: ArrayLike<number>;
  refs: ArrayLike<number>;
  states: readonly (Uint8Array | null)[];
  current: boolean;
  storedRows: Promise<void>;
  /**
   * Where sources of users new to a scope are read when not in the transaction (it is busy
   * writing): connections beside it, with the users whose source this import wrote (read in the
   * transaction; all of them when null). Users the import created are found only there too.
   */
  sourceReader?: { db: Knex; written: ReadonlySet<string> | undefined | null };
}

interface AppUpkeep {
  /** Whether the app's aggregates are kept (false: stale, left alone). */
  kept: boolean;
  categories: CategoryIndex;
  /** mini_programs.id → app_categories.id */
  programCategories: Map<number, number>;
  changes: AggregateChanges;
  /**
   * Per day this import writes: null when the app had activity that day before the import;
   * otherwise the users written to it since, the only ones with stored rows to look up.
   */
  importedDays: Map<number, Set<number> | null>;
  /** Users whose state this import wrote (null past MAX_REMEMBERED_USERS: then every state is read again in the transaction). */
  statesWritten: Set<number> | null;
}

/** Users remembered per day that was empty, and as written (beyond that, they are looked up like any other). */
const MAX_REMEMBERED_USERS = 1_000_000;

const editor = new UserStateEditor();

/**
 * The aggregate upkeep of one import. For each chunk of users whose activity is about to be
 * written (before it is), each user's contribution is computed from their state (or, for late
 * data, their history) as stored and as it will be, and the difference summed. The changes are
 * summed over the whole import and applied once at the end (nothing reads the aggregate tables
 * meanwhile); users' states are written chunk by chunk, each while the next is computed.
 * Apps whose aggregates are stale are left alone (answers for them come from the store until a
 * rebuild); an app without activity yet starts fresh.
 */
export class AggregateUpkeep {
  readonly apps = new Map<number, AppUpkeep>();
  /** The last state write (awaited before the next) and the reads of newcomers' sources: settle() waits for both. */
  private writing: Promise<void> = Promise.resolve();
  private pending: Promise<void>[] = [];

  /** With `deferred`, touched apps are only marked stale, for a rebuild after the import (faster for a first load). */
  constructor(
    readonly now = Date.now(),
    readonly deferred = false,
  ) {}

  /** Whether this import keeps the app's aggregates (starting its upkeep on first use). */
  async keeps(trx: Knex.Transaction, appRef: number): Promise<boolean> {
    let app = this.apps.get(appRef);
    if (!app && this.deferred) {
      await setAggregateState(trx, appRef, 'stale', 'loaded without upkeep; rebuild pending', this.now);
      app = newAppUpkeep(false, await syncAppCategories(trx, appRef), new Map());
    }
    if (!app) app = await startAppUpkeep(trx, appRef, this.now);
    this.apps.set(appRef, app);
    return app.kept;
  }

  /** Adds a chunk of users of an app that keeps its aggregates (see keeps) before their rows are written. */
  async addUsers(trx: Knex.Transaction, appRef: number, rows: ActivityRows, chunk: UserChunk): Promise<void> {
    const app = this.apps.get(appRef)!;
    const { importedDays, statesWritten } = app;
    const { users, refs } = chunk;
    const readsAgain = (userRef: number) => !chunk.current && (statesWritten === null || statesWritten.has(userRef));
    // What else comes from the transaction: the stored rows these rows replace (on days that had
    // activity before, or written earlier in this import), and states this import wrote.
    const replaced: number[] = [];
    const again: string[] = [];
    for (let k = 0; k < users.length; k++) {
      const [from, to, userRef] = [rows.userStarts[users[k]!]!, rows.userStarts[users[k]! + 1]!, refs[users[k]!]!];
      for (let p = from; p < to; p++) {
        const day = rows.days[rows.byUser[p]!]!;
        if (!importedDays.has(day)) {
          const stored = await trx('activity')
            .where({ app_ref: appRef, day: fromDayNumber(day) })
            .first('user_ref');
          importedDays.set(day, stored ? null : new Set());
        }
        const written = importedDays.get(day);
        if (written === null || written!.has(userRef)) replaced.push(rows.byUser[p]!);
      }
      for (let p = from; p < to; p++) rememberWrittenUser(importedDays, rows.days[rows.byUser[p]!]!, userRef);
      if (readsAgain(userRef)) again.push(rows.userIds[users[k]!]!);
    }
    if (replaced.length) await chunk.storedRows;
    const [oldViews, statesAgain] = await Promise.all([
      replaced.length ? readReplacedViews(trx, appRef, rows, refs, users, replaced) : null,
      again.length ? readUserStates(trx, appRef, again) : new Map<string, StoredUserState>(),
    ]);

    const states: UserStateWrite[] = [];
    const rewound = new Map<number, { userId: string; rows: UserDay[] }>();
    const newcomers: Newcomer[] = [];
    for (let k = 0; k < users.length; k++) {
      const user = users[k]!;
      const userRef = refs[user]!;
      const userId = rows.userIds[user]!;
      gatherUserRows(rows, user, userRef, oldViews, app.programCategories);
      if (userRows.length === 0) continue;
      const state = readsAgain(userRef) ? (statesAgain.get(userId)?.state ?? null) : chunk.states[user]!;
      const last = editor.load(state).lastDay();
      // Usually a new day: added from the remembered state. Late data for an earlier day needs the history.
      if (last === undefined || userRows.days[0]! >= last) {
        editor.append(app.changes, userRows, 0, userRows.length, app.categories.rank, (scope, day) => newcomers.push({ userRef, userId, scope, day }));
        states.push({ userId, userRef, state: editor.encode() });
      } else {
        const days: UserDay[] = [];
        for (let i = 0; i < userRows.length; i++) days.push({ day: userRows.days[i]!, categoryRef: userRows.categories[i]!, views: userRows.views[i]! });
        rewound.set(userRef, { userId, rows: days });
      }
    }
    // A user's source counts only on their first day in a scope: it is read for users new to one.
    if (newcomers.length) this.pending.push(handledLater(countFirstDays(trx, chunk.sourceReader, app.changes, newcomers)));
    if (rewound.size) {
      await chunk.storedRows;
      states.push(...(await rewindUsers(trx, appRef, app, rewound)));
    }
    await this.writing;
    this.writing = handledLater(writeUserStates(trx, appRef, states));
    rememberStatesWritten(app, states);
  }

  /** Waits for the state writes and source reads under way (and throws their failure). */
  async settle(): Promise<void> {
    await this.writing;
    const pending = this.pending.splice(0);
    await Promise.all(pending);
  }

  async finish(trx: Knex.Transaction): Promise<void> {
    await this.settle();
    for (const [appRef, upkeep] of this.apps) if (upkeep.kept) await applyAggregateChanges(trx, appRef, upkeep.changes);
  }
}

function newAppUpkeep(kept: boolean, categories: CategoryIndex, programCategories: Map<number, number>): AppUpkeep {
  return { kept, categories, programCategories, changes: new AggregateChanges(), importedDays: new Map(), statesWritten: new Set() };
}

async function startAppUpkeep(trx: Knex.Transaction, appRef: number, now: number): Promise<AppUpkeep> {
  let kept = await isAggregateFresh(trx, appRef);
  if (!kept) {
    const known = await trx('agg_state').where('app_ref', appRef).first('status');
    const hasActivity = await trx('activity').where('app_ref', appRef).first('day');
    if (!known && !hasActivity) {
      await setAggregateState(trx, appRef, 'fresh', null, now);
      kept = true;
    }
  }
  const categories = await syncAppCategories(trx, appRef);
  const programCategories = await readProgramCategories(trx, appRef);
  return newAppUpkeep(kept, categories, programCategories);
}

/** One user's changed page views (day, category, change), sorted by day, for the editor. */
const userRows = { days: new Float64Array(64), categories: new Float64Array(64), views: new Float64Array(64), length: 0 };
/** One user's row positions, sorted by day, mini program and position. */
let picked = new Uint32Array(64);

/**
 * Fills userRows with a user's rows: sorted by day, the file's last of rows with one key only,
 * as changes from the page views stored (rows that change nothing left out).
 */
function gatherUserRows(rows: ActivityRows, user: number, userRef: number, oldViews: Map<string, number> | null, programCategories: Map<number, number>): void {
  const { days, programRefs, views } = rows;
  const from = rows.userStarts[user]!;
  const count = rows.userStarts[user + 1]! - from;
  if (count > picked.length) picked = new Uint32Array(count * 2);
  // Insertion sort: a user has a few rows.
  for (let i = 0; i < count; i++) {
    const row = rows.byUser[from + i]!;
    let j = i;
    for (; j > 0; j--) {
      const before = picked[j - 1]!;
      if (days[before]! < days[row]! || (days[before] === days[row] && programRefs[before]! <= programRefs[row]!)) break;
      picked[j] = before;
    }
    picked[j] = row;
  }
  userRows.length = 0;
  for (let i = 0; i < count; i++) {
    const row = picked[i]!;
    if (i + 1 < count && days[picked[i + 1]!] === days[row] && programRefs[picked[i + 1]!] === programRefs[row]) continue;
    const change = views[row]! - (oldViews?.get(viewKey(days[row]!, userRef, programRefs[row]!)) ?? 0);
    if (change === 0) continue;
    if (userRows.length === userRows.days.length) {
      for (const column of ['days', 'categories', 'views'] as const) userRows[column] = growArray(userRows[column]);
    }
    userRows.days[userRows.length] = days[row]!;
    userRows.categories[userRows.length] = programCategories.get(programRefs[row]!)!;
    userRows.views[userRows.length++] = change;
  }
}

const viewKey = (day: number, userRef: number, programRef: number) => `${day}|${userRef}|${programRef}`;

/** The page views stored for the keys of some rows (those that exist), by viewKey. */
async function readReplacedViews(
  trx: Knex.Transaction,
  appRef: number,
  rows: ActivityRows,
  refs: ArrayLike<number>,
  users: ArrayLike<number>,
  positions: number[],
): Promise<Map<string, number>> {
  const days = new Map(positions.map((r) => [fromDayNumber(rows.days[r]!), rows.days[r]!]));
  const userRefs = Array.from(users, (user) => refs[user]!);
  const stored = await trx('activity')
    .where('app_ref', appRef)
    .whereIn('day', [...days.keys()])
    .whereIn('user_ref', userRefs)
    .select<{ day: string; user_ref: number; mini_program_ref: number; page_views: number }[]>('day', 'user_ref', 'mini_program_ref', 'page_views');
  const views = new Map<string, number>();
  for (const row of stored) views.set(viewKey(days.get(String(row.day))!, Number(row.user_ref), Number(row.mini_program_ref)), Number(row.page_views));
  return views;
}

interface Newcomer {
  userRef: number;
  userId: string;
  scope: number;
  day: number;
}

/** Counts users on their first day in a scope under their source (see UserChunk.sourceReader for where it is read). */
async function countFirstDays(trx: Knex.Transaction, reader: UserChunk['sourceReader'], changes: AggregateChanges, newcomers: Newcomer[]): Promise<void> {
  const users = new Map<number, AppUser>();
  const readInto = async (db: Knex | Knex.Transaction, some: Newcomer[]) => {
    if (some.length) for (const [userRef, user] of await readAppUsers(db, { only: [...new Set(some.map((n) => n.userRef))] })) users.set(userRef, user);
  };
  if (reader && reader.written !== null)
    await readInto(
      reader.db,
      newcomers.filter((n) => !reader.written?.has(n.userId)),
    );
  await readInto(
    trx,
    newcomers.filter((n) => !users.has(n.userRef)),
  );
  for (const { userRef, scope, day } of newcomers) changes.addFirstDay(scope, day, users.get(userRef)?.source ?? 'unknown', 1);
}

/** Users with late data (rows before their last active day): their contribution is computed again from their whole history. */
async function rewindUsers(
  trx: Knex.Transaction,
  appRef: number,
  app: AppUpkeep,
  rewound: Map<number, { userId: string; rows: UserDay[] }>,
): Promise<UserStateWrite[]> {
  const { categories, changes } = app;
  const histories = new Map((await readUserHistories(trx, appRef, app.programCategories, { only: [...rewound.keys()] })).map((h) => [h.userRef, h]));
  const users = await readAppUsers(trx, { only: [...rewound.keys()].filter((userRef) => !histories.has(userRef)) });
  const states: UserStateWrite[] = [];
  for (const [userRef, { userId, rows }] of rewound) {
    const before = histories.get(userRef)?.days ?? [];
    const source = histories.get(userRef)?.source ?? users.get(userRef)?.source ?? 'unknown';
    if (before.length) changes.add(computeUserContribution(before, categories.rank), source, -1, { daily: true });
    const after = computeUserContribution([...before, ...rows], categories.rank);
    changes.add(after, source, 1, { daily: true });
    states.push({ userId, userRef, state: encodeUserState(after) });
  }
  return states;
}

function rememberStatesWritten(app: AppUpkeep, states: UserStateWrite[]): void {
  if (!app.statesWritten) return;
  for (const { userRef } of states) app.statesWritten.add(userRef);
  if (app.statesWritten.size > MAX_REMEMBERED_USERS) app.statesWritten = null;
}

function rememberWrittenUser(importedDays: Map<number, Set<number> | null>, day: number, userRef: number): void {
  const users = importedDays.get(day);
  if (!users) return;
  users.add(userRef);
  if (users.size > MAX_REMEMBERED_USERS) importedDays.set(day, null);
}
