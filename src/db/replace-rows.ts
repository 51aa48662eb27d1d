import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { isMysql } from './open-database.ts';
import { upsertRows } from './upsert-rows.ts';

type Value = string | number | null | Uint8Array;

/** Rows per chunk of the data stream fed to LOAD DATA. */
const ROWS_PER_CHUNK = 5000;

/**
 * Writes rows, replacing every non-key column of rows whose key already exists. On MySQL one
 * `LOAD DATA LOCAL INFILE … REPLACE` fed from memory on the caller's connection (so inside its
 * transaction): the server parses no SQL per row, several times faster than multi-row INSERTs
 * for the hundreds of thousands of rows a day of activity brings. Elsewhere: upsertRows.
 * Binary columns travel as hex.
 */
export async function replaceRows<Row extends Record<string, Value>>(db: Knex | Knex.Transaction, table: string, rows: Row[], key: readonly string[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  if (!isMysql(db)) {
    await upsertRows(db, table, rows, key, columns.filter((column) => !key.includes(column)));
    return;
  }
  const binary = columns.filter((column) => rows[0]![column] instanceof Uint8Array);
  const targets = columns.map((column) => (binary.includes(column) ? `@${column}` : `\`${column}\``));
  const set = binary.length ? ` SET ${binary.map((column) => `\`${column}\` = UNHEX(@${column})`).join(', ')}` : '';
  const sql = `LOAD DATA LOCAL INFILE 'rows' REPLACE INTO TABLE \`${table}\` CHARACTER SET utf8mb4 (${targets.join(', ')})${set}`;
  await db.raw(sql).options({ infileStreamFactory: () => Readable.from(formatChunks(rows, columns)) });
}

function* formatChunks(rows: Record<string, Value>[], columns: string[]): Generator<Buffer> {
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    let text = '';
    for (let r = i; r < Math.min(i + ROWS_PER_CHUNK, rows.length); r++) {
      const row = rows[r]!;
      for (let c = 0; c < columns.length; c++) text += (c ? '\t' : '') + formatValue(row[columns[c]!]!);
      text += '\n';
    }
    yield Buffer.from(text);
  }
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

function formatValue(value: Value): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  return value.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]!);
}
