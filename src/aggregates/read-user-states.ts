import type { Knex } from 'knex';
import { selectByUserIds } from '../db/bulk-rows.ts';

/** A user's row of `user_states`: their app_users.id and their encoded state (see UserStateEditor). */
export interface StoredUserState {
  userRef: number;
  state: Uint8Array;
}

/** The stored states of some users of an app, by user id (as the import files name users). */
export async function readUserStates(db: Knex | Knex.Transaction, appRef: number, userIds: readonly string[]): Promise<Map<string, StoredUserState>> {
  const states = new Map<string, StoredUserState>();
  for (const [userId, userRef, state] of await selectByUserIds(db, 'user_states', ['user_id', 'user_ref', 'state'], appRef, userIds)) {
    states.set(userId as string, { userRef: Number(userRef), state: state as Uint8Array });
  }
  return states;
}
