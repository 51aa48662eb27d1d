/**
 * The bench's store: a MySQL database of its own, loaded with a generated platform of the size
 * asked for (kept for the next run with `--reuse`), described, and measured on disk.
 */
import type { Knex } from 'knex';
import mysql from 'mysql2/promise';
import { rebuildAggregates } from '../aggregates/rebuild-aggregates.ts';
import { isMysql, migrateDatabase, openDatabase } from '../db/database.ts';
import type { AppRecord } from '../domain/records.ts';
import { readAppCategories } from '../stats/read-app-categories.ts';
import { readWorkspaceApps } from '../stats/read-workspace-apps.ts';
import { BENCH_WORKSPACE, generateBenchData, scaleBenchShape } from './generate-bench-data.ts';

/**
 * Creates the bench's MySQL database if missing; with `empty`, drops it first: rolling back the
 * migrations of tens of millions of rows would rebuild indexes that later migrations drop.
 */
export async function prepareDatabase(url: string, empty: boolean): Promise<void> {
  if (!/^mysql/i.test(url)) return;
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1)).replace(/`/g, '');
  parsed.pathname = '/';
  const connection = await mysql.createConnection({ uri: parsed.toString() });
  if (empty) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`);
  await connection.end();
}

/** The number of rows the store was generated with (written into the workspace's name), or null. */
export async function readExistingSize(db: Knex): Promise<number | null> {
  try {
    const row = await db('workspaces').where('workspace_id', BENCH_WORKSPACE).first('name');
    const match = /\((\d+)\)$/.exec(row?.name ?? '');
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Empties the database, generates `rows` activity rows ending on `endDay` and builds their
 * aggregates; returns a new pool on it (the old one is closed).
 */
export async function loadBenchStore(db: Knex, url: string, rows: number, endDay: string, log: (line: string) => void): Promise<Knex> {
  await db.destroy();
  await prepareDatabase(url, true);
  let loaded = openDatabase(url);
  if (!isMysql(loaded)) await loaded.migrate.rollback(undefined, true);
  await migrateDatabase(loaded);
  const started = Date.now();
  let last = 0;
  await generateBenchData(loaded, scaleBenchShape(rows, endDay), (written) => {
    if (written - last >= 1_000_000) {
      last = written;
      log(`  ${written.toLocaleString('en-US')} rows, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  });
  log(`Generated in ${Math.round((Date.now() - started) / 1000)} s; building the aggregates…`);
  const building = Date.now();
  await rebuildAggregates(loaded);
  log(`Aggregates built in ${Math.round((Date.now() - building) / 1000)} s.`);
  await loaded('workspaces')
    .where('workspace_id', BENCH_WORKSPACE)
    .update({ name: `Bench Payments (${rows})` });
  await loaded.destroy();
  loaded = openDatabase(url);
  return loaded;
}

/** What the bench measures on: the data's size, the app with most rows and one of its categories, and the server. */
export interface BenchStore {
  apps: AppRecord[];
  /** Activity rows in all. */
  total: number;
  biggest: AppRecord;
  biggestRows: number;
  category: string;
  users: number;
  programs: number;
  /** The server and its buffer pool. */
  version: string;
}

export async function describeBenchStore(db: Knex): Promise<BenchStore> {
  const apps = await readWorkspaceApps(db, BENCH_WORKSPACE);
  const counts = await db('activity')
    .groupBy('app_ref')
    .select<{ app_ref: number; rows: number }[]>('app_ref', db.raw('COUNT(*) AS `rows`'.replace(/`/g, isMysql(db) ? '`' : '"')));
  const total = counts.reduce((sum, c) => sum + Number(c.rows), 0);
  const biggestCount = counts.reduce((a, b) => (Number(b.rows) > Number(a.rows) ? b : a));
  const biggest = apps.find((a) => a.ref === Number(biggestCount.app_ref))!;
  const categories = await readAppCategories(db, biggest);
  const version = isMysql(db)
    ? ((await db.raw('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool')) as [{ v: string; pool: number }[]])[0].map(
        (r) => `${r.v} (buffer pool ${Math.round(Number(r.pool) / 2 ** 20)} MB)`,
      )[0]!
    : 'SQLite';
  return {
    apps,
    total,
    biggest,
    biggestRows: Number(biggestCount.rows),
    category: categories[Math.floor(categories.length / 2)]!,
    users: await countRows(db, 'app_users'),
    programs: await countRows(db, 'mini_programs'),
    version,
  };
}

async function countRows(db: Knex, table: 'app_users' | 'mini_programs'): Promise<number> {
  return Number((await db(table).count<{ n: number }[]>({ n: '*' }))[0]!.n);
}

const AGGREGATE_TABLES = ['agg_daily', 'agg_first_days', 'agg_preferences', 'user_states', 'app_categories', 'agg_state'];

export interface StorageUse {
  aggregatesPerMillion: number;
  activityPerMillion: number;
}

/** Bytes on disk (data and indexes, as InnoDB reports them) of the aggregates and of the activity, per million activity rows. */
export async function measureStorage(db: Knex, activityRows: number): Promise<StorageUse | null> {
  if (!isMysql(db) || activityRows === 0) return null;
  await db.raw(`ANALYZE TABLE ${['activity', ...AGGREGATE_TABLES].join(', ')}`);
  const [rows] = (await db.raw(
    'SELECT table_name AS name, data_length + index_length AS bytes FROM information_schema.tables WHERE table_schema = DATABASE()',
  )) as [{ name: string; bytes: number }[]];
  const bytes = (names: string[]) => rows.filter((r) => names.includes(r.name)).reduce((sum, r) => sum + Number(r.bytes), 0);
  const perMillion = 1_000_000 / activityRows;
  return { aggregatesPerMillion: bytes(AGGREGATE_TABLES) * perMillion, activityPerMillion: bytes(['activity']) * perMillion };
}
