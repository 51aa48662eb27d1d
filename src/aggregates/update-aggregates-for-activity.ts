import type { Knex } from 'knex';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges } from './apply-aggregate-changes.ts';
import { appendUserDays, canAppend, type UserState } from './append-user-days.ts';
import { computeUserContribution, type UserContribution, type UserDay } from './compute-user-contribution.ts';
import { toDayNumber } from './day-numbers.ts';
import { readProgramCategories } from './read-program-categories.ts';
import { readUserSources } from './read-user-sources.ts';
import { readUserStates } from './read-user-states.ts';
import { readUserHistories } from './read-user-histories.ts';
import { isAggregateFresh, setAggregateState } from './set-aggregate-state.ts';
import { syncAppCategories, type CategoryIndex } from './sync-app-categories.ts';
import { writeUserStates } from './write-user-states.ts';
import { handledLater } from '../util/handled-later.ts';
import { splitInto } from '../util/split-into.ts';

export interface ActivityWrite {
  app_ref: number;
  day: string;
  user_ref: number;
  mini_program_ref: number;
  page_views: number;
}

const USERS_PER_QUERY = 2000;
/** Chunks of users whose stored rows and states are being read while one is computed. */
const CHUNKS_AHEAD = 2;

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
  importedDays: Map<string, Set<number> | null>;
  /** Users whose state this import wrote (null past MAX_REMEMBERED_USERS: then every state is read in the transaction). */
  statesWritten: Set<number> | null;
}

/** Users remembered per day that was empty (beyond it, such a day's rows are looked up like any other). */
const MAX_REMEMBERED_USERS = 1_000_000;

/**
 * The aggregate upkeep of one import: changes are summed over all its batches and applied once at
 * the end (nothing reads the aggregate tables meanwhile); the per-user state is written batch by
 * batch, because later batches read it.
 */
export class AggregateUpkeep {
  readonly apps = new Map<number, AppUpkeep>();
  /** With `deferred`, touched apps are only marked stale, for a rebuild after the import (faster for a first load). */
  constructor(
    readonly now = Date.now(),
    readonly deferred = false,
    /** Connections outside the import's transaction: states it has not written are read there, several at once. */
    readonly reader: Knex | null = null,
  ) {}

  async finish(trx: Knex.Transaction): Promise<void> {
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

/**
 * Brings an app's aggregates up to date for activity rows about to be written (inserted or
 * replacing a row with the same key), before they are: each affected user's contribution is
 * computed from their state or history as stored and as it will be, and the difference summed
 * into `upkeep`. Apps whose aggregates are stale are left alone (answers for them come from the
 * store until a rebuild); an app without activity yet starts fresh. `writes` have distinct keys.
 */
export async function updateAggregatesForActivity(trx: Knex.Transaction, writes: ActivityWrite[], upkeep: AggregateUpkeep): Promise<void> {
  const byApp = new Map<number, ActivityWrite[]>();
  for (const write of writes) {
    let rows = byApp.get(write.app_ref);
    if (!rows) byApp.set(write.app_ref, (rows = []));
    rows.push(write);
  }
  for (const [appRef, rows] of byApp) {
    if (upkeep.deferred) {
      if (!upkeep.apps.has(appRef)) {
        await setAggregateState(trx, appRef, 'stale', 'loaded without upkeep; rebuild pending', upkeep.now);
        upkeep.apps.set(appRef, newAppUpkeep(false, await syncAppCategories(trx, appRef), new Map()));
      }
      continue;
    }
    let app = upkeep.apps.get(appRef);
    if (!app) upkeep.apps.set(appRef, (app = await startAppUpkeep(trx, appRef, upkeep.now)));
    if (app.kept) await updateApp(trx, upkeep.reader, appRef, rows, app);
  }
}

async function updateApp(trx: Knex.Transaction, reader: Knex | null, appRef: number, writes: ActivityWrite[], app: AppUpkeep): Promise<void> {
  const { categories, programCategories, changes, importedDays } = app;
  for (const day of new Set(writes.map((w) => w.day))) {
    if (!importedDays.has(day)) importedDays.set(day, (await trx('activity').where({ app_ref: appRef, day }).first('user_ref')) ? null : new Set());
  }
  const sorted = [...writes].sort((a, b) => a.user_ref - b.user_ref);
  const users = [...new Set(sorted.map((w) => w.user_ref))];
  let next = 0;
  // What a chunk of users needs from the store. The next chunks' is read while this one is
  // computed, and states are written while the next one is: chunks have no user in common.
  const readChunk = (i: number) => {
    const chunk = users.slice(i, i + USERS_PER_QUERY);
    const first = next;
    while (next < sorted.length && sorted[next]!.user_ref <= chunk.at(-1)!) next++;
    const chunkWrites = sorted.slice(first, next);
    // Stored rows these writes replace: on days that had activity before, or written earlier in this import.
    const stored = chunkWrites.filter((w) => importedDays.get(w.day)?.has(w.user_ref) ?? true);
    rememberWrittenUsers(importedDays, chunkWrites);
    const reads = handledLater(Promise.all([
      stored.length
        ? trx('activity')
            .where('app_ref', appRef)
            .whereIn('day', [...new Set(stored.map((w) => w.day))])
            .whereIn('user_ref', [...new Set(stored.map((w) => w.user_ref))])
            .select<{ day: string; user_ref: number; mini_program_ref: number; page_views: number }[]>('day', 'user_ref', 'mini_program_ref', 'page_views')
        : [],
      readStates(trx, reader, appRef, chunk, app.statesWritten),
    ]));
    return { chunkWrites, reads };
  };
  const dayNumbers = new Map<string, number>();
  const reading: ReturnType<typeof readChunk>[] = [];
  let ahead = 0;
  const readAhead = () => {
    for (; ahead < users.length && reading.length < CHUNKS_AHEAD; ahead += USERS_PER_QUERY) reading.push(readChunk(ahead));
  };
  readAhead();
  let writing: Promise<void> = Promise.resolve();
  while (reading.length) {
    const { chunkWrites, reads } = reading.shift()!;
    const [existing, states] = await reads;
    readAhead();
    const oldViews = new Map(existing.map((r) => [`${r.day}|${r.user_ref}|${r.mini_program_ref}`, Number(r.page_views)]));
    const added = new Map<number, UserDay[]>();
    for (const write of chunkWrites) {
      const change = existing.length ? write.page_views - (oldViews.get(`${write.day}|${write.user_ref}|${write.mini_program_ref}`) ?? 0) : write.page_views;
      if (change === 0) continue;
      const list = added.get(write.user_ref) ?? [];
      let day = dayNumbers.get(write.day);
      if (day === undefined) dayNumbers.set(write.day, (day = toDayNumber(write.day)));
      list.push({ day, categoryRef: programCategories.get(write.mini_program_ref)!, views: change });
      added.set(write.user_ref, list);
    }
    // Usually a new day: added from the remembered state. Late data for an earlier day needs the history.
    const appended: [number, UserState, UserDay[]][] = [];
    const rewound: number[] = [];
    for (const [userRef, rows] of added) {
      const state = states.get(userRef) ?? { spans: new Map(), views: new Map(), preferences: [] };
      if (canAppend(state, rows)) appended.push([userRef, state, rows]);
      else rewound.push(userRef);
    }
    // A user's source counts only on their first day in a scope: read it for users new to a scope.
    const newcomers = appended.filter(([, { spans }, rows]) => !spans.has(0) || rows.some((row) => !spans.has(row.categoryRef)));
    const sourceOf = await readUserSources(trx, { only: newcomers.map(([userRef]) => userRef) });
    const contributions = new Map<number, UserContribution | UserState>();
    for (const [userRef, state, rows] of appended) {
      contributions.set(userRef, appendUserDays(changes, state, rows, sourceOf.get(userRef) ?? 'unknown', categories.rank));
    }
    if (rewound.length) {
      const histories = new Map((await readUserHistories(trx, appRef, programCategories, { only: rewound })).map((h) => [h.userRef, h]));
      const sources = await readUserSources(trx, { only: rewound.filter((userRef) => !histories.has(userRef)) });
      for (const userRef of rewound) {
        const before = histories.get(userRef)?.days ?? [];
        const source = histories.get(userRef)?.source ?? sources.get(userRef) ?? 'unknown';
        if (before.length) changes.add(computeUserContribution(before, categories.rank), source, -1, { daily: true });
        const after = computeUserContribution([...before, ...added.get(userRef)!], categories.rank);
        changes.add(after, source, 1, { daily: true });
        contributions.set(userRef, after);
      }
    }
    await writing;
    writing = handledLater(writeUserStates(trx, appRef, contributions));
    rememberStatesWritten(app, contributions.keys());
  }
  await writing;
}

/** Reads of states run this many at once on the reader. */
const PARALLEL_READS = 4;

/** The states of some users: those this import wrote from its transaction, the rest from the reader (several reads at once). */
async function readStates(trx: Knex.Transaction, reader: Knex | null, appRef: number, users: number[], written: Set<number> | null): Promise<Map<number, UserState>> {
  if (!reader || !written) return readUserStates(trx, appRef, users);
  const ours = users.filter((user) => written.has(user));
  const stored = ours.length ? users.filter((user) => !written.has(user)) : users;
  const parts = await Promise.all([
    ours.length ? readUserStates(trx, appRef, ours) : new Map<number, UserState>(),
    ...splitInto(stored, PARALLEL_READS).map((part) => readUserStates(reader, appRef, part)),
  ]);
  return new Map(parts.flatMap((part) => [...part]));
}

function rememberStatesWritten(app: AppUpkeep, users: Iterable<number>): void {
  if (!app.statesWritten) return;
  for (const user of users) app.statesWritten.add(user);
  if (app.statesWritten.size > MAX_REMEMBERED_USERS) app.statesWritten = null;
}

function rememberWrittenUsers(importedDays: Map<string, Set<number> | null>, writes: ActivityWrite[]): void {
  for (const write of writes) {
    const users = importedDays.get(write.day);
    if (!users) continue;
    users.add(write.user_ref);
    if (users.size > MAX_REMEMBERED_USERS) importedDays.set(write.day, null);
  }
}
