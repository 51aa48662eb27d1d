import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Knex } from 'knex';
import { isMysql } from '../db/database.ts';

export interface RowSink {
  /** Rows of integers, nulls and text without tabs, backslashes or line breaks. */
  write(rows: (string | number | null)[][]): Promise<void>;
  end(): Promise<void>;
}

/**
 * Where the bench writes generated rows: on MySQL one `LOAD DATA LOCAL INFILE` fed by a stream
 * (the database loads while Node generates the next rows), elsewhere multi-row INSERTs.
 */
export async function openRowSink(db: Knex, table: string, columns: string[]): Promise<RowSink> {
  if (!isMysql(db)) {
    return {
      async write(rows) {
        await db.transaction(async (trx) => {
          for (let i = 0; i < rows.length; i += 2000) {
            const chunk = rows.slice(i, i + 2000);
            const placeholders = `(${columns.map(() => '?').join(', ')})`;
            await trx.raw(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')}`, chunk.flat());
          }
        });
      },
      async end() {},
    };
  }
  const stream = new PassThrough();
  const connection = await db.client.acquireConnection();
  const loaded = new Promise<void>((resolve, reject) => {
    connection.query(
      { sql: `LOAD DATA LOCAL INFILE 'generated' INTO TABLE ${table} CHARACTER SET utf8mb4 (${columns.join(', ')})`, infileStreamFactory: () => stream },
      (error: Error | null) => (error ? reject(error) : resolve()),
    );
  }).finally(() => db.client.releaseConnection(connection));
  loaded.catch(() => undefined);
  return {
    async write(rows) {
      if (!stream.write(`${rows.map((row) => row.map((value) => value ?? '\\N').join('\t')).join('\n')}\n`))
        await Promise.race([once(stream, 'drain'), loaded]);
    },
    async end() {
      stream.end();
      await loaded;
    },
  };
}
