import type { Knex } from 'knex';
import { type RowSource, replaceRows } from '../db/bulk-rows.ts';

/** A user's state to store: who they are (id in the files and app_users.id) and the encoded state. */
export interface UserStateWrite {
  userId: string;
  userRef: number;
  state: Uint8Array;
}

/** Stores the states of some users of an app (one row each, replacing what was there). */
export async function writeUserStates(db: Knex | Knex.Transaction, appRef: number, states: readonly UserStateWrite[]): Promise<void> {
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
