import type { Knex } from 'knex';
import type { UserState } from './append-user-days.ts';
import { decodeUserState } from './encode-user-state.ts';

/** The remembered state (spans, page views per category, preference timeline) of some users of an app. */
export async function readUserStates(db: Knex | Knex.Transaction, appRef: number, userRefs: number[]): Promise<Map<number, UserState>> {
  const rows = await db('user_states').where('app_ref', appRef).whereIn('user_ref', userRefs).select<{ user_ref: number; state: Uint8Array }[]>('user_ref', 'state');
  return new Map(rows.map((row) => [Number(row.user_ref), decodeUserState(row.state)]));
}
