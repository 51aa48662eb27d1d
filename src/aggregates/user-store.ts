/**
 * The rows the upkeep keeps per app user: who they are (app_users: the id the files name them
 * by, and their source) and their encoded state (user_states, keyed by that id, with the
 * app_users.id beside it so one lookup finds both).
 */
import type { Knex } from 'knex';
import { type RowSource, replaceRows, selectByUserIds } from '../db/bulk-rows.ts';

/** App users by id range or list. */
export type UserRefs = { from: number; to: number } | { only: number[] };

export interface AppUser {
  /** The user's id as the import files name it. */
  userId: string;
  /** 'unknown' when none. */
  source: string;
}

/** Some app users by app_users.id: their id in the files and their source. */
export async function readAppUsers(db: Knex, userRefs: UserRefs): Promise<Map<number, AppUser>> {
  if ('only' in userRefs && userRefs.only.length === 0) return new Map();
  const query = db('app_users').select('id', 'user_id', 'source');
  if ('only' in userRefs) query.whereIn('id', userRefs.only);
  else query.whereBetween('id', [userRefs.from, userRefs.to]);
  return new Map((await query).map((row) => [Number(row.id), { userId: row.user_id, source: row.source ?? 'unknown' }]));
}

/** A user's row of `user_states`: their app_users.id and their encoded state (see UserStateEditor). */
export interface StoredUserState {
  userRef: number;
  state: Uint8Array;
}

/** The stored states of some users of an app, by user id (as the import files name users). */
export async function readUserStates(db: Knex, appRef: number, userIds: readonly string[]): Promise<Map<string, StoredUserState>> {
  const states = new Map<string, StoredUserState>();
  for (const [userId, userRef, state] of await selectByUserIds(db, 'user_states', ['user_id', 'user_ref', 'state'], appRef, userIds)) {
    states.set(userId, { userRef: Number(userRef), state });
  }
  return states;
}

/** A user's state to store: who they are (id in the files and app_users.id) and the encoded state. */
export interface UserStateWrite {
  userId: string;
  userRef: number;
  state: Uint8Array;
}

/** Stores the states of some users of an app (one row each, replacing what was there). */
export async function writeUserStates(db: Knex, appRef: number, states: readonly UserStateWrite[]): Promise<void> {
  const values: [number, string, number, Uint8Array] = [appRef, '', 0, new Uint8Array(0)];
  const rows: RowSource = {
    columns: ['app_ref', 'user_id', 'user_ref', 'state'],
    length: states.length,
    row(i) {
      const { userId, userRef, state } = states[i]!;
      values[1] = userId;
      values[2] = userRef;
      values[3] = state;
      return values;
    },
  };
  // A chunk's states are written while the next chunk is computed: see replaceRows.
  await replaceRows(db, 'user_states', rows, ['app_ref', 'user_id'], { inline: true });
}
