import type { Knex } from 'knex';

/** A user's row of `user_states`: their app_users.id and their encoded state (see UserStateEditor). */
export interface StoredUserState {
  userRef: number;
  state: Uint8Array;
}

/** Users per `IN (…)` list. */
const USERS_PER_QUERY = 500;

/** The stored states of some users of an app, by user id (as the import files name users). */
export async function readUserStates(db: Knex | Knex.Transaction, appRef: number, userIds: readonly string[]): Promise<Map<string, StoredUserState>> {
  const states = new Map<string, StoredUserState>();
  for (let i = 0; i < userIds.length; i += USERS_PER_QUERY) {
    const rows = await db('user_states')
      .where('app_ref', appRef)
      .whereIn('user_id', userIds.slice(i, i + USERS_PER_QUERY))
      .select<{ user_id: string; user_ref: number; state: Uint8Array }[]>('user_id', 'user_ref', 'state');
    for (const row of rows) states.set(row.user_id, { userRef: Number(row.user_ref), state: row.state });
  }
  return states;
}
