import type { Knex } from 'knex';
import { DayCache } from '../util/days.ts';
import { handledLater } from '../util/handled-later.ts';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges, type CategoryIndex, isAggregateFresh, readProgramCategories, setAggregateState, syncAppCategories } from './aggregate-store.ts';
import { countFirstDays, type Newcomer, type SourceReader } from './first-days.ts';
import { type RewoundUsers, rewindUsers } from './late-data.ts';
import type { UserDay } from './user-contribution.ts';
import { type ActivityRows, ImportedDays, UserRows } from './user-rows.ts';
import { UserStateEditor } from './user-state.ts';
import { readUserStates, type StoredUserState, type UserStateWrite, writeUserStates } from './user-store.ts';

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
  /** Where sources of users new to a scope are read when not in the transaction (see SourceReader). */
  sourceReader?: SourceReader;
}

interface AppUpkeep {
  /** Whether the app's aggregates are kept (false: stale, left alone). */
  kept: boolean;
  categories: CategoryIndex;
  /** mini_programs.id → app_categories.id */
  programCategories: Map<number, number>;
  changes: AggregateChanges;
  importedDays: ImportedDays;
  /** Users whose state this import wrote (null past MAX_REMEMBERED_USERS: then every state is read again in the transaction). */
  statesWritten: Set<number> | null;
}

/** Users whose states are remembered as written (beyond that, every state is read again). */
const MAX_REMEMBERED_USERS = 1_000_000;

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
  private readonly editor = new UserStateEditor();
  private readonly userRows = new UserRows();

  /**
   * With `deferred`, touched apps are only marked stale, for a rebuild after the import (faster
   * for a first load). `days` converts day numbers (the import's own, which it shares).
   */
  constructor(
    readonly now = Date.now(),
    readonly deferred = false,
    private readonly days = new DayCache(),
  ) {}

  /** Whether this import keeps the app's aggregates (starting its upkeep on first use). */
  async keeps(trx: Knex.Transaction, appRef: number): Promise<boolean> {
    let app = this.apps.get(appRef);
    if (!app && this.deferred) {
      await setAggregateState(trx, appRef, 'stale', 'loaded without upkeep; rebuild pending', this.now);
      app = this.newAppUpkeep(appRef, false, await syncAppCategories(trx, appRef), new Map());
    }
    if (!app) app = await this.startAppUpkeep(trx, appRef);
    this.apps.set(appRef, app);
    return app.kept;
  }

  /** Adds a chunk of users of an app that keeps its aggregates (see keeps) before their rows are written. */
  async addUsers(trx: Knex.Transaction, appRef: number, rows: ActivityRows, chunk: UserChunk): Promise<void> {
    const app = this.apps.get(appRef)!;
    const { statesWritten } = app;
    const { users, refs } = chunk;
    const { editor, userRows } = this;
    const readsAgain = (userRef: number) => !chunk.current && (statesWritten === null || statesWritten.has(userRef));
    // What else comes from the transaction: the stored rows these rows replace (on days that had
    // activity before, or written earlier in this import), and states this import wrote.
    const replaced = await app.importedDays.findReplaced(trx, rows, users, refs);
    const again: string[] = [];
    for (let k = 0; k < users.length; k++) if (readsAgain(refs[users[k]!]!)) again.push(rows.userIds[users[k]!]!);
    if (replaced.length) await chunk.storedRows;
    const [oldViews, statesAgain] = await Promise.all([
      replaced.length ? app.importedDays.readReplacedViews(trx, rows, refs, users, replaced) : null,
      again.length ? readUserStates(trx, appRef, again) : new Map<string, StoredUserState>(),
    ]);

    const states: UserStateWrite[] = [];
    const rewound: RewoundUsers = new Map();
    const newcomers: Newcomer[] = [];
    for (let k = 0; k < users.length; k++) {
      const user = users[k]!;
      const userRef = refs[user]!;
      const userId = rows.userIds[user]!;
      userRows.gather(rows, user, userRef, oldViews, app.programCategories);
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
      states.push(...(await rewindUsers(trx, appRef, app, rewound, editor)));
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

  private newAppUpkeep(appRef: number, kept: boolean, categories: CategoryIndex, programCategories: Map<number, number>): AppUpkeep {
    return {
      kept,
      categories,
      programCategories,
      changes: new AggregateChanges(),
      importedDays: new ImportedDays(appRef, this.days),
      statesWritten: new Set(),
    };
  }

  /** An app without activity and without aggregates yet starts fresh; otherwise its aggregates are kept only while fresh. */
  private async startAppUpkeep(trx: Knex.Transaction, appRef: number): Promise<AppUpkeep> {
    let kept = await isAggregateFresh(trx, appRef);
    if (!kept) {
      const known = await trx('agg_state').where('app_ref', appRef).first('status');
      const hasActivity = await trx('activity').where('app_ref', appRef).first('day');
      if (!known && !hasActivity) {
        await setAggregateState(trx, appRef, 'fresh', null, this.now);
        kept = true;
      }
    }
    const categories = await syncAppCategories(trx, appRef);
    const programCategories = await readProgramCategories(trx, appRef);
    return this.newAppUpkeep(appRef, kept, categories, programCategories);
  }
}

function rememberStatesWritten(app: AppUpkeep, states: UserStateWrite[]): void {
  if (!app.statesWritten) return;
  for (const { userRef } of states) app.statesWritten.add(userRef);
  if (app.statesWritten.size > MAX_REMEMBERED_USERS) app.statesWritten = null;
}
