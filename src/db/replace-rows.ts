import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { isMysql } from './open-database.ts';
import { queryDriver } from './query-driver.ts';
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

/** Rows per chunk of the data stream fed to LOAD DATA, and per statement with `inline`. */
const ROWS_PER_CHUNK = 5000;
const ROWS_PER_STATEMENT = 2000;

/**
 * Writes rows, replacing every non-key column of rows whose key already exists. On MySQL one
 * `LOAD DATA LOCAL INFILE … REPLACE` fed from memory on the caller's connection (so inside its
 * transaction): the server parses no SQL per row, several times faster than multi-row INSERTs
 * for the hundreds of thousands of rows a day of activity brings; binary columns travel as hex.
 * With `inline`, multi-row `REPLACE … VALUES ?` statements instead, filled in by the driver:
 * for a few thousand rows written while the caller goes on computing, as the server need not
 * wait mid-statement for the caller to send the data. Elsewhere: upsertRows.
 */
export async function replaceRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: RowSource | Record<string, Value>[],
  key: readonly string[],
  options: { inline?: boolean } = {},
): Promise<void> {
  const source = Array.isArray(rows) ? objectRows(rows) : rows;
  if (source.length === 0) return;
  const { columns } = source;
  if (!isMysql(db)) {
    const objects = Array.from({ length: source.length }, (_, i) => Object.fromEntries(source.row(i).map((value, c) => [columns[c]!, value])));
    await upsertRows(
      db,
      table,
      objects,
      key,
      columns.filter((column) => !key.includes(column)),
    );
    return;
  }
  if (options.inline) {
    const sql = `REPLACE INTO \`${table}\` (${columns.map((column) => `\`${column}\``).join(', ')}) VALUES ?`;
    // The values of every statement are taken now, so the caller may go on with its rows.
    const statements: Value[][][] = [];
    for (let i = 0; i < source.length; i += ROWS_PER_STATEMENT) {
      statements.push(Array.from({ length: Math.min(ROWS_PER_STATEMENT, source.length - i) }, (_, r) => source.row(i + r).map(toDriverValue)));
    }
    for (const values of statements) await queryDriver(db, { sql, values: [values] });
    return;
  }
  const first = source.row(0);
  const binary = columns.filter((_, c) => first[c] instanceof Uint8Array);
  const targets = columns.map((column) => (binary.includes(column) ? `@${column}` : `\`${column}\``));
  const set = binary.length ? ` SET ${binary.map((column) => `\`${column}\` = UNHEX(@${column})`).join(', ')}` : '';
  const sql = `LOAD DATA LOCAL INFILE 'rows' REPLACE INTO TABLE \`${table}\` CHARACTER SET utf8mb4 (${targets.join(', ')})${set}`;
  await db.raw(sql).options({ infileStreamFactory: () => Readable.from(formatChunks(source)) });
}

/** mysql2 writes Buffers as hex literals, other byte arrays as lists of numbers. */
function toDriverValue(value: Value): Value {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
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
