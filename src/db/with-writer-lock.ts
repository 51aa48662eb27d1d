import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { isMysql } from './database.ts';

/** How long a second import or rebuild waits for the one running before it gives up. */
const WAIT_SECONDS = 3600;

export class WriterLockTimeout extends Error {}

/**
 * Runs `work` (an import or a rebuild) once no other is running on this database. They change the
 * aggregates by what they read, so two at once would each miss the other's changes. On MySQL a
 * named lock (`GET_LOCK`) is held on a connection of its own until `work`, commit included, is
 * over, so what `work` reads includes everything the one before it committed. SQLite lets one
 * writer in at a time by itself. Inside a caller's transaction, the caller answers for it.
 */
export async function withWriterLock<T>(db: Knex, work: () => Promise<T>): Promise<T> {
  if (!isMysql(db) || db.isTransaction) return work();
  const name = lockName(String(db.client.config.connection.database));
  const connection = await db.client.acquireConnection();
  const query = (sql: string, values: unknown[]) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) =>
      connection.query(sql, values, (error: Error | null, rows: Record<string, unknown>[]) => (error ? reject(error) : resolve(rows))),
    );
  try {
    const [row] = await query('SELECT GET_LOCK(?, ?) AS got', [name, WAIT_SECONDS]);
    if (Number(row?.got) !== 1) {
      throw new WriterLockTimeout(
        `another import or rebuild has been running on this database for more than ${WAIT_SECONDS / 60} minutes; try again once it is over`,
      );
    }
    try {
      return await work();
    } finally {
      // Never fails: when the lock cannot be released, closing the session releases it (and the
      // work's own outcome is what the caller hears about).
      await query('SELECT RELEASE_LOCK(?)', [name]).catch(() => connection.destroy());
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/** One lock per database; MySQL refuses lock names longer than 64 characters. */
function lockName(database: string): string {
  const name = `miniapp-stats writer ${database}`;
  return name.length <= 64 ? name : `miniapp-stats writer ${crypto.createHash('sha1').update(database).digest('hex')}`;
}
