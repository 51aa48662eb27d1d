import type { Knex } from 'knex';
import { replaceRows } from '../db/replace-rows.ts';
import type { UserState } from './append-user-days.ts';
import { encodeUserState } from './encode-user-state.ts';

/** Stores the states of some users of an app (one row each, replacing what was there). */
export async function writeUserStates(db: Knex | Knex.Transaction, appRef: number, states: Iterable<[number, UserState]>): Promise<void> {
  const rows = [...states].map(([userRef, state]) => ({ app_ref: appRef, user_ref: userRef, state: encodeUserState(state) }));
  await replaceRows(db, 'user_states', rows, ['app_ref', 'user_ref']);
}
