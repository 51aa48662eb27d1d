import type { Knex } from 'knex';
import type { UserState } from './append-user-days.ts';
import { toDayNumber } from './day-numbers.ts';

/** The remembered state (spans, page views per category, preference timeline) of some users of an app. */
export async function readUserStates(db: Knex | Knex.Transaction, appRef: number, userRefs: number[]): Promise<Map<number, UserState>> {
  const [scopes, views, preferences] = await Promise.all([
    db('user_scopes').where('app_ref', appRef).whereIn('user_ref', userRefs).select<{ user_ref: number; scope_ref: number; first_day: string; last_day: string }[]>('user_ref', 'scope_ref', 'first_day', 'last_day'),
    db('user_category_views').where('app_ref', appRef).whereIn('user_ref', userRefs).select<{ user_ref: number; category_ref: number; views: number }[]>('user_ref', 'category_ref', 'views'),
    db('user_preferences').where('app_ref', appRef).whereIn('user_ref', userRefs).orderBy('day').select<{ user_ref: number; day: string; category_ref: number }[]>('user_ref', 'day', 'category_ref'),
  ]);
  const states = new Map<number, UserState>();
  const stateOf = (userRef: number) => {
    let state = states.get(userRef);
    if (!state) states.set(userRef, (state = { spans: new Map(), views: new Map(), preferences: [] }));
    return state;
  };
  for (const row of scopes) stateOf(Number(row.user_ref)).spans.set(Number(row.scope_ref), { first: toDayNumber(row.first_day), last: toDayNumber(row.last_day) });
  for (const row of views) stateOf(Number(row.user_ref)).views.set(Number(row.category_ref), Number(row.views));
  for (const row of preferences) stateOf(Number(row.user_ref)).preferences.push({ day: toDayNumber(row.day), categoryRef: Number(row.category_ref) });
  return states;
}
