import type { Knex } from 'knex';

/** A statement as mysql2 takes it: text with `?` placeholders for `values` (an array fills one with a list). */
export interface DriverQuery {
  sql: string;
  values?: unknown[];
  /** Result rows as arrays of column values, in the order selected. */
  rowsAsArray?: boolean;
  infileStreamFactory?: () => NodeJS.ReadableStream;
}

/**
 * Runs one statement straight on mysql2, on the transaction's connection or one of the pool's.
 * For statements knex slows down: an `IN (?)` filled with a list of hundreds of ids (knex writes
 * a placeholder for each, and mysql2 then scans them one by one), multi-row VALUES of several
 * hundred kilobytes (which knex copies to log). MySQL only.
 */
export async function queryDriver<Rows = unknown>(db: Knex | Knex.Transaction, query: DriverQuery): Promise<Rows> {
  const connection = await db.client.acquireConnection();
  try {
    return await new Promise<Rows>((resolve, reject) => connection.query(query, (error: Error | null, rows: Rows) => (error ? reject(error) : resolve(rows))));
  } finally {
    await db.client.releaseConnection(connection);
  }
}
