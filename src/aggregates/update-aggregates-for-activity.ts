import type { Knex } from 'knex';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges } from './apply-aggregate-changes.ts';
import { appendUserDays, canAppend, type UserState } from './append-user-days.ts';
import { computeUserContribution, type UserContribution, type UserDay } from './compute-user-contribution.ts';
import { toDayNumber } from './day-numbers.ts';
import { readUserStates } from './read-user-states.ts';
import { readUserHistories } from './read-user-histories.ts';
import { isAggregateFresh, setAggregateState } from './set-aggregate-state.ts';
import { syncAppCategories, type CategoryIndex } from './sync-app-categories.ts';
import { buildUserStateRows } from './user-state-rows.ts';
import { upsertRows } from '../db/upsert-rows.ts';

export interface ActivityWrite {
  app_ref: number;
  day: string;
  user_ref: number;
  mini_program_ref: number;
  page_views: number;
}

const USERS_PER_QUERY = 500;

interface AppUpkeep {
  /** Whether the app's aggregates are kept (false: stale, left alone). */
  kept: boolean;
  categories: CategoryIndex;
  /** mini_programs.id → app_categories.id */
  programCategories: Map<number, number>;
  changes: AggregateChanges;
}

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
  ) {}

  async finish(trx: Knex.Transaction): Promise<void> {
    for (const [appRef, upkeep] of this.apps) if (upkeep.kept) await applyAggregateChanges(trx, appRef, upkeep.changes);
  }
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
  const programCategories = new Map(
    (
      await trx('mini_programs')
        .join('app_categories', (on) => on.on('app_categories.app_ref', '=', 'mini_programs.app_ref').andOn('app_categories.name', '=', 'mini_programs.category'))
        .where('mini_programs.app_ref', appRef)
        .select<{ id: number; category_ref: number }[]>('mini_programs.id', 'app_categories.id as category_ref')
    ).map((r) => [Number(r.id), Number(r.category_ref)]),
  );
  return { kept, categories, programCategories, changes: new AggregateChanges() };
}

/**
 * Brings an app's aggregates up to date for activity rows about to be written (inserted or
 * replacing a row with the same key), before they are: each affected user's contribution is
 * computed from their state or history as stored and as it will be, and the difference summed
 * into `upkeep`. Apps whose aggregates are stale are left alone (answers for them come from the
 * store until a rebuild); an app without activity yet starts fresh.
 */
export async function updateAggregatesForActivity(trx: Knex.Transaction, writes: ActivityWrite[], upkeep: AggregateUpkeep): Promise<void> {
  const byApp = new Map<number, Map<string, ActivityWrite>>();
  for (const write of writes) {
    let rows = byApp.get(write.app_ref);
    if (!rows) byApp.set(write.app_ref, (rows = new Map()));
    rows.set(`${write.day}|${write.user_ref}|${write.mini_program_ref}`, write);
  }
  for (const [appRef, rows] of byApp) {
    if (upkeep.deferred) {
      if (!upkeep.apps.has(appRef)) {
        await setAggregateState(trx, appRef, 'stale', 'loaded without upkeep; rebuild pending', upkeep.now);
        upkeep.apps.set(appRef, { kept: false, categories: await syncAppCategories(trx, appRef), programCategories: new Map(), changes: new AggregateChanges() });
      }
      continue;
    }
    let app = upkeep.apps.get(appRef);
    if (!app) upkeep.apps.set(appRef, (app = await startAppUpkeep(trx, appRef, upkeep.now)));
    if (app.kept) await updateApp(trx, appRef, [...rows.values()], app);
  }
}

async function updateApp(trx: Knex.Transaction, appRef: number, writes: ActivityWrite[], { categories, programCategories, changes }: AppUpkeep): Promise<void> {
  const users = [...new Set(writes.map((w) => w.user_ref))];
  for (let i = 0; i < users.length; i += USERS_PER_QUERY) {
    const chunk = users.slice(i, i + USERS_PER_QUERY);
    const chunkSet = new Set(chunk);
    const chunkWrites = writes.filter((w) => chunkSet.has(w.user_ref));
    const [existing, sources, states] = await Promise.all([
      trx('activity')
        .where('app_ref', appRef)
        .whereIn('day', [...new Set(chunkWrites.map((w) => w.day))])
        .whereIn('user_ref', chunk)
        .select<{ day: string; user_ref: number; mini_program_ref: number; page_views: number }[]>('day', 'user_ref', 'mini_program_ref', 'page_views'),
      trx('app_users').whereIn('id', chunk).select<{ id: number; source: string | null }[]>('id', 'source'),
      readUserStates(trx, appRef, chunk),
    ]);
    const oldViews = new Map(existing.map((r) => [`${r.day}|${r.user_ref}|${r.mini_program_ref}`, Number(r.page_views)]));
    const sourceOf = new Map(sources.map((s) => [Number(s.id), s.source ?? 'unknown']));
    const added = new Map<number, UserDay[]>();
    for (const write of chunkWrites) {
      const change = write.page_views - (oldViews.get(`${write.day}|${write.user_ref}|${write.mini_program_ref}`) ?? 0);
      if (change === 0) continue;
      const list = added.get(write.user_ref) ?? [];
      list.push({ day: toDayNumber(write.day), categoryRef: programCategories.get(write.mini_program_ref)!, views: change });
      added.set(write.user_ref, list);
    }
    const contributions = new Map<number, UserContribution | UserState>();
    const rewound: number[] = [];
    for (const [userRef, rows] of added) {
      const state = states.get(userRef) ?? { spans: new Map(), views: new Map(), preferences: [] };
      // Usually a new day: add it from the remembered state. Late data for an earlier day needs the history.
      if (canAppend(state, rows)) contributions.set(userRef, appendUserDays(changes, state, rows, sourceOf.get(userRef) ?? 'unknown', categories.rank));
      else rewound.push(userRef);
    }
    if (rewound.length) {
      const histories = new Map((await readUserHistories(trx, appRef, { only: rewound })).map((h) => [h.userRef, h.days]));
      for (const userRef of rewound) {
        const before = histories.get(userRef) ?? [];
        const source = sourceOf.get(userRef) ?? 'unknown';
        if (before.length) changes.add(computeUserContribution(before, categories.rank), source, -1, { daily: true });
        const after = computeUserContribution([...before, ...added.get(userRef)!], categories.rank);
        changes.add(after, source, 1, { daily: true });
        contributions.set(userRef, after);
      }
    }
    const state = { scopes: [] as object[], views: [] as object[], preferences: [] as object[] };
    for (const [userRef, contribution] of contributions) {
      const rows = buildUserStateRows(appRef, userRef, contribution);
      state.scopes.push(...rows.scopes);
      state.views.push(...rows.views);
      state.preferences.push(...rows.preferences);
    }
    const changedUsers = [...contributions.keys()];
    if (changedUsers.length) {
      for (const table of ['user_category_views', 'user_preferences']) await trx(table).where('app_ref', appRef).whereIn('user_ref', changedUsers).delete();
      await upsertRows(trx, 'user_scopes', state.scopes, ['app_ref', 'scope_ref', 'user_ref'], ['first_day', 'last_day']);
      await upsertRows(trx, 'user_category_views', state.views, ['app_ref', 'user_ref', 'category_ref'], ['views']);
      await upsertRows(trx, 'user_preferences', state.preferences, ['app_ref', 'user_ref', 'day'], ['category_ref']);
    }
  }
}
