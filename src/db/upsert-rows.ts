import type { Knex } from 'knex';

/** Rows per statement: keeps every dialect well under its bound-parameter limit. */
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts rows, updating `merge` columns of rows whose key already exists (or leaving them
 * untouched when `merge` is empty); with `increment`, those columns are added to instead.
 * Multi-row VALUES with bound parameters, on MySQL and SQLite.
 */
export async function upsertRows<Row extends object>(
  db: Knex | Knex.Transaction,
  table: string,
  rows: Row[],
  key: readonly string[],
  merge: readonly string[],
  options: { increment?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!) as (keyof Row & string)[];
  const mysql = db.client.config.client === 'mysql2';
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
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const bindings: unknown[] = [];
    for (const row of chunk) for (const column of columns) bindings.push(row[column]);
    const sql = `INSERT INTO ${id(table)} (${columns.map(id).join(', ')}) VALUES ${chunk.map(() => rowPlaceholder).join(', ')}${conflict}`;
    await db.raw(sql, bindings as Knex.RawBinding[]);
  }
}
