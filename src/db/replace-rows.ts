import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { isMysql } from './open-database.ts';
import { upsertRows } from './upsert-rows.ts';

export type Value = string | number | null | Uint8Array;

/**
 * Rows held column by column (no object per row): `row(i)` gives row i's values in the order of
 * `columns`, possibly in an array it reuses for the next call.
 */
export interface RowSource {
  readonly columns: readonly string[];
  readonly length: number;
  row(i: number): readonly Value[];
}

/** Rows per chunk of the data stream fed to LOAD DATA. */
const ROWS_PER_CHUNK = 5000;

/**
 * Writes rows, replacing every non-key column of rows whose key already exists. On MySQL one
 * `LOAD DATA LOCAL INFILE … REPLACE` fed from memory on the caller's connection (so inside its
 * transaction): the server parses no SQL per row, several times faster than multi-row INSERTs
 * for the hundreds of thousands of rows a day of activity brings. Elsewhere: upsertRows.
 * Binary columns travel as hex.
 */
export async function replaceRows(db: Knex | Knex.Transaction, table: string, rows: RowSource | Record<string, Value>[], key: readonly string[]): Promise<void> {
  const source = Array.isArray(rows) ? objectRows(rows) : rows;
  if (source.length === 0) return;
  const { columns } = source;
  if (!isMysql(db)) {
    const objects = Array.from({ length: source.length }, (_, i) => Object.fromEntries(source.row(i).map((value, c) => [columns[c]!, value])));
    await upsertRows(db, table, objects, key, columns.filter((column) => !key.includes(column)));
    return;
  }
  const first = source.row(0);
  const binary = columns.filter((_, c) => first[c] instanceof Uint8Array);
  const targets = columns.map((column) => (binary.includes(column) ? `@${column}` : `\`${column}\``));
  const set = binary.length ? ` SET ${binary.map((column) => `\`${column}\` = UNHEX(@${column})`).join(', ')}` : '';
  const sql = `LOAD DATA LOCAL INFILE 'rows' REPLACE INTO TABLE \`${table}\` CHARACTER SET utf8mb4 (${targets.join(', ')})${set}`;
  await db.raw(sql).options({ infileStreamFactory: () => Readable.from(formatChunks(source)) });
}

function objectRows(rows: Record<string, Value>[]): RowSource {
  const columns = rows.length ? Object.keys(rows[0]!) : [];
  return { columns, length: rows.length, row: (i) => columns.map((column) => rows[i]![column]!) };
}

function* formatChunks(rows: RowSource): Generator<Buffer> {
  const width = rows.columns.length;
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    let text = '';
    for (let r = i; r < Math.min(i + ROWS_PER_CHUNK, rows.length); r++) {
      const values = rows.row(r);
      for (let c = 0; c < width; c++) text += (c ? '\t' : '') + formatValue(values[c]!);
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
