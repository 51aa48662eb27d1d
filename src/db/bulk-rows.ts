/**
 * Statements over many rows at once: multi-row upserts, LOAD DATA and multi-row REPLACE, and
 * lookups by long lists of user ids. On MySQL the big ones go to mysql2 directly, where knex
 * would write a placeholder per value (which mysql2 then scans one by one) or copy hundreds of
 * kilobytes of VALUES to log.
 */
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { isMysql } from './database.ts';
import type { NewRowOf, RowOf, TableName } from './tables.ts';

/** A statement as mysql2 takes it: text with `?` placeholders for `values` (an array fills one with a list). */
export interface DriverQuery {
  sql: string;
  values?: unknown[];
  /** Result rows as arrays of column values, in the order selected. */
  rowsAsArray?: boolean;
  infileStreamFactory?: () => NodeJS.ReadableStream;
}

/** Runs one statement straight on mysql2, on the transaction's connection or one of the pool's. MySQL only. */
export async function queryDriver<Rows = unknown>(db: Knex, query: DriverQuery): Promise<Rows> {
  const connection = await db.client.acquireConnection();
  try {
    return await new Promise<Rows>((resolve, reject) => connection.query(query, (error: Error | null, rows: Rows) => (error ? reject(error) : resolve(rows))));
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/** User ids per `IN (…)` list. */
const USERS_PER_QUERY = 500;

/**
 * The rows of some of an app's users in a table keyed by `(app_ref, user_id)` (user ids as the
 * import files name them), as arrays of `columns` in that order; users without a row are left out.
 */
export async function selectByUserIds<T extends 'user_states' | 'app_users', const C extends readonly (keyof RowOf<T> & string)[]>(
  db: Knex,
  table: T,
  columns: C,
  appRef: number,
  userIds: readonly string[],
): Promise<{ [I in keyof C]: RowOf<T>[C[I]] }[]> {
  const rows: unknown[][] = [];
  for (let i = 0; i < userIds.length; i += USERS_PER_QUERY) {
    const some = userIds.slice(i, i + USERS_PER_QUERY);
    if (isMysql(db)) {
      const sql = `SELECT ${columns.map((column) => `\`${column}\``).join(', ')} FROM \`${table}\` WHERE app_ref = ? AND user_id IN (?)`;
      rows.push(...(await queryDriver<unknown[][]>(db, { sql, values: [appRef, some], rowsAsArray: true })));
    } else {
      const found = await db.table<Record<string, unknown>>(table).where('app_ref', appRef).whereIn('user_id', some).select(columns);
      for (const row of found) rows.push(columns.map((column) => row[column]));
    }
  }
  return rows as unknown as { [I in keyof C]: RowOf<T>[C[I]] }[];
}

/** A row to write into a table of the store (typed by its declaration), or into another one (tests make their own). */
type NewRow<T extends string> = T extends TableName ? NewRowOf<T> : Record<string, Value>;
type Column<T extends string> = T extends TableName ? keyof RowOf<T> & string : string;

/** Rows per statement of upsertRows: keeps every dialect well under its bound-parameter limit. */
const ROWS_PER_UPSERT = 500;

/**
 * Inserts rows, updating `merge` columns of rows whose key already exists (or leaving them
 * untouched when `merge` is empty); with `increment`, those columns are added to instead.
 * Multi-row VALUES with bound parameters, on MySQL and SQLite.
 */
export async function upsertRows<T extends string>(
  db: Knex,
  table: T,
  rows: readonly NewRow<T>[],
  key: readonly Column<T>[],
  merge: readonly Column<T>[],
  options: { increment?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!) as (keyof NewRow<T> & string)[];
  const mysql = isMysql(db);
  const id = (name: string) => (mysql ? `\`${name}\`` : `"${name}"`);
  const rowPlaceholder = `(${columns.map(() => '?').join(', ')})`;
  const plus = (column: string) => (options.increment ? `${id(column)} + ` : '');
  let conflict: string;
  if (mysql) {
    conflict = merge.length
      ? ` ON DUPLICATE KEY UPDATE ${merge.map((c) => `${id(c)} = ${plus(c)}VALUES(${id(c)})`).join(', ')}`
      : ` ON DUPLICATE KEY UPDATE ${id(key[0]!)} = ${id(key[0]!)}`;
  } else {
    conflict = ` ON CONFLICT (${key.map(id).join(', ')}) ${
      merge.length ? `DO UPDATE SET ${merge.map((c) => `${id(c)} = ${plus(c)}excluded.${id(c)}`).join(', ')}` : 'DO NOTHING'
    }`;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_UPSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_UPSERT);
    const bindings: unknown[] = [];
    for (const row of chunk) for (const column of columns) bindings.push(row[column]);
    const sql = `INSERT INTO ${id(table)} (${columns.map(id).join(', ')}) VALUES ${chunk.map(() => rowPlaceholder).join(', ')}${conflict}`;
    await db.raw(sql, bindings as Knex.RawBinding[]);
  }
}

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
export async function replaceRows<T extends string>(
  db: Knex,
  table: T,
  rows: RowSource | readonly NewRow<T>[],
  key: readonly Column<T>[],
  options: { inline?: boolean } = {},
): Promise<void> {
  const source = isRowSource(rows) ? rows : objectRows(rows);
  if (source.length === 0) return;
  const { columns } = source;
  if (!isMysql(db)) {
    const objects = Array.from({ length: source.length }, (_, i) => Object.fromEntries(source.row(i).map((value, c) => [columns[c]!, value])) as NewRow<T>);
    const merge = columns.filter((column) => !(key as readonly string[]).includes(column)) as Column<T>[];
    await upsertRows(db, table, objects, key, merge);
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

function isRowSource(rows: RowSource | readonly object[]): rows is RowSource {
  return !Array.isArray(rows);
}

/** mysql2 writes Buffers as hex literals, other byte arrays as lists of numbers. */
function toDriverValue(value: Value): Value {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

function objectRows(rows: readonly object[]): RowSource {
  const columns = rows.length ? Object.keys(rows[0]!) : [];
  return { columns, length: rows.length, row: (i) => columns.map((column) => (rows[i] as Record<string, Value>)[column]!) };
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
