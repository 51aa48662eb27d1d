import type { Knex } from 'knex';

/** App users by id range or list. */
export type UserRefs = { from: number; to: number } | { only: number[] };

export interface AppUser {
  /** The user's id as the import files name it. */
  userId: string;
  /** 'unknown' when none. */
  source: string;
}

/** Some app users by app_users.id: their id in the files and their source. */
export async function readAppUsers(db: Knex | Knex.Transaction, userRefs: UserRefs): Promise<Map<number, AppUser>> {
  if ('only' in userRefs && userRefs.only.length === 0) return new Map();
  const query = db('app_users').select<{ id: number; user_id: string; source: string | null }[]>('id', 'user_id', 'source');
  if ('only' in userRefs) query.whereIn('id', userRefs.only);
  else query.whereBetween('id', [userRefs.from, userRefs.to]);
  return new Map((await query).map((row) => [Number(row.id), { userId: row.user_id, source: row.source ?? 'unknown' }]));
}
