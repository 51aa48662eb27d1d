import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_COLUMNS } from '../../src/db/tables.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';

type Columns = Record<string, Record<string, string>>;

/** Every table's columns as TABLE_COLUMNS spells their types, read from MySQL's information_schema. */
async function readMysqlColumns(store: TestDatabase): Promise<Columns> {
  const [rows] = (await store.db.raw(
    `SELECT table_name AS \`table\`, column_name AS \`column\`, data_type AS type, column_type AS full_type,
       character_maximum_length AS length, is_nullable AS nullable
     FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT LIKE 'knex\\_%'`,
  )) as [{ table: string; column: string; type: string; full_type: string; length: number | null; nullable: string }[]];
  const spelled = (row: (typeof rows)[number]) => {
    if (row.type === 'varchar') return `varchar(${row.length})`;
    if (row.type === 'int') return 'integer';
    if (row.type === 'blob') return 'binary';
    // knex's boolean is TINYINT(1); a plain tinyint is TINYINT(4).
    if (row.type === 'tinyint') return /^tinyint\(1\)/.test(row.full_type) ? 'boolean' : 'tinyint';
    return row.type;
  };
  const columns: Columns = {};
  for (const row of rows) {
    columns[row.table] = { ...columns[row.table], [row.column]: `${spelled(row)}${row.nullable === 'YES' ? ' null' : ''}` };
  }
  return columns;
}

/**
 * The same from SQLite's table_info. Primary key columns count as not null, as MySQL makes them
 * (SQLite would take a NULL in a text key declared without NOT NULL; nothing writes one).
 */
async function readSqliteColumns(store: TestDatabase): Promise<Columns> {
  const tables = (await store.db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'knex_%'")) as {
    name: string;
  }[];
  const columns: Columns = {};
  for (const { name } of tables) {
    const info = (await store.db.raw(`PRAGMA table_info(${name})`)) as { name: string; type: string; notnull: number; pk: number }[];
    columns[name] = Object.fromEntries(info.map((column) => [column.name, `${sqliteType(column.type)}${column.notnull || column.pk ? '' : ' null'}`]));
  }
  return columns;
}

/**
 * SQLite stores every integer alike, and knex makes both increments() and bigIncrements() an
 * INTEGER PRIMARY KEY there: integer widths are compared on MySQL only.
 */
const sqliteType = (type: string) => {
  const lower = type.toLowerCase();
  return lower === 'blob' ? 'binary' : lower === 'bigint' ? 'integer' : lower;
};

/** TABLE_COLUMNS as a database of that kind reads it back. */
function declaredColumns(kind: TestDatabase['kind']): Columns {
  const spelled = (type: string) => (kind === 'sqlite' ? type.replace(/^bigint\b/, 'integer') : type);
  return Object.fromEntries(
    Object.entries(TABLE_COLUMNS).map(([table, columns]) => [
      table,
      Object.fromEntries(Object.entries(columns).map(([column, type]) => [column, spelled(type)])),
    ]),
  );
}

describe.each(DATABASE_KINDS)('the declared tables on %s', (kind) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await createTestDatabase(kind);
  });
  afterAll(async () => store?.drop());

  it('are exactly the tables and columns the migrations create, with their types and nullability', async () => {
    expect(kind === 'mysql' ? await readMysqlColumns(store) : await readSqliteColumns(store)).toEqual(declaredColumns(kind));
  });
});
