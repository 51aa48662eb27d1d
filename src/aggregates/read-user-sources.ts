import type { Knex } from 'knex';

/** App users by id range or list. */
export type UserRefs = { from: number; to: number } | { only: number[] };

/** The source of each of some app users ('unknown' when none), by app_users.id. */
export async function readUserSources(db: Knex | Knex.Transaction, userRefs: UserRefs): Promise<Map<number, string>> {
  if ('only' in userRefs && userRefs.only.length === 0) return new Map();
  const query = db('app_users').select<{ id: number; source: string | null }[]>('id', 'source');
  if ('only' in userRefs) query.whereIn('id', userRefs.only);
  else query.whereBetween('id', [userRefs.from, userRefs.to]);
  return new Map((await query).map((row) => [Number(row.id), row.source ?? 'unknown']));
}
