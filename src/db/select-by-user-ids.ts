import type { Knex } from 'knex';
import { isMysql } from './open-database.ts';
import { queryDriver } from './query-driver.ts';

/** User ids per `IN (…)` list. */
const USERS_PER_QUERY = 500;

/**
 * The rows of some of an app's users in a table keyed by `(app_ref, user_id)` (user ids as the
 * import files name them), as arrays of `columns` in that order; users without a row are left out.
 * On MySQL the lists go to mysql2 whole (knex would write a placeholder per id).
 */
export async function selectByUserIds(
  db: Knex | Knex.Transaction,
  table: 'user_states' | 'app_users',
  columns: readonly string[],
  appRef: number,
  userIds: readonly string[],
): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for (let i = 0; i < userIds.length; i += USERS_PER_QUERY) {
    const some = userIds.slice(i, i + USERS_PER_QUERY);
    if (isMysql(db)) {
      const sql = `SELECT ${columns.map((column) => `\`${column}\``).join(', ')} FROM \`${table}\` WHERE app_ref = ? AND user_id IN (?)`;
      rows.push(...(await queryDriver<unknown[][]>(db, { sql, values: [appRef, some], rowsAsArray: true })));
    } else {
      const found = await db(table).where('app_ref', appRef).whereIn('user_id', some).select<Record<string, unknown>[]>(columns);
      for (const row of found) rows.push(columns.map((column) => row[column]));
    }
  }
  return rows;
}
