import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import knex from 'knex';
import mysql from 'mysql2/promise';
import { rebuildAggregates } from '../aggregates/rebuild-aggregates.ts';
import { buildAppTrendSpec } from '../charts/build-app-trend-spec.ts';
import { buildKnexConfig, isMysql, migrateDatabase, openDatabase, redactUrl } from '../db/database.ts';
import { importDirectory } from '../import/import-directory.ts';
import { renderPng } from '../render/png/render-png.ts';
import { readAppCategories } from '../stats/read-app-categories.ts';
import { readAppDetails, readAppDetailsDirect } from '../stats/read-app-details.ts';
import { readApps, readAppsDirect } from '../stats/read-apps.ts';
import { readBreakdown, readBreakdownDirect } from '../stats/read-breakdown.ts';
import { readMerchants } from '../stats/read-merchants.ts';
import { readWorkspaceApps } from '../stats/read-workspace-apps.ts';
import { resolvePeriod } from '../stats/resolve-period.ts';
import { addDays, todayIn } from '../util/days.ts';
import { BENCH_WORKSPACE, benchShape, generateBenchData } from './generate-bench-data.ts';
import { median, timeMedian } from './measure.ts';
import { measureAckLatencyInChild } from './measure-ack-latency.ts';
import { writeFreshDayCsv } from './write-fresh-day-csv.ts';
import { writeNextDayCsv } from './write-next-day-csv.ts';

export interface BenchOptions {
  rows: number;
  runs: number;
  databaseUrl: string;
  /** Keep the data of an earlier run of the same size instead of generating it again. */
  reuse: boolean;
  log: (line: string) => void;
}

export const DEFAULT_BENCH_URL = 'mysql://root@127.0.0.1:3306/miniapp_bench';
const exec = promisify(execFile);
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** `npm run bench`: generates a data set straight into a database, then measures every figure the issue names. */
export async function runBench(options: BenchOptions): Promise<string> {
  const { log } = options;
  await prepareDatabase(options.databaseUrl, false);
  let db = openDatabase(options.databaseUrl);
  try {
    const endDay = addDays(todayIn('Asia/Singapore'), -1);
    const existing = await readExistingSize(db);
    if (!options.reuse || existing !== options.rows) {
      log(`Generating ${options.rows.toLocaleString('en-US')} activity rows into ${redactUrl(options.databaseUrl)}…`);
      await db.destroy();
      await prepareDatabase(options.databaseUrl, true);
      db = openDatabase(options.databaseUrl);
      if (!isMysql(db)) await db.migrate.rollback(undefined, true);
      await migrateDatabase(db);
      const started = Date.now();
      let last = 0;
      await generateBenchData(db, benchShape(options.rows, endDay), (rows) => {
        if (rows - last >= 1_000_000) {
          last = rows;
          log(`  ${rows.toLocaleString('en-US')} rows, ${Math.round((Date.now() - started) / 1000)} s`);
        }
      });
      log(`Generated in ${Math.round((Date.now() - started) / 1000)} s; building the aggregates…`);
      const building = Date.now();
      await rebuildAggregates(db);
      log(`Aggregates built in ${Math.round((Date.now() - building) / 1000)} s.`);
      await db('workspaces')
        .where('workspace_id', BENCH_WORKSPACE)
        .update({ name: `Bench Payments (${options.rows})` });
      await db.destroy();
      db = openDatabase(options.databaseUrl);
    }
    return await measure(db, options, endDay);
  } finally {
    await db.destroy();
  }
}

async function measure(db: Knex, options: BenchOptions, endDay: string): Promise<string> {
  const { log, runs } = options;
  const apps = await readWorkspaceApps(db, BENCH_WORKSPACE);
  const counts = await db('activity')
    .groupBy('app_ref')
    .select<{ app_ref: number; rows: number }[]>('app_ref', db.raw('COUNT(*) AS `rows`'.replace(/`/g, isMysql(db) ? '`' : '"')));
  const total = counts.reduce((sum, c) => sum + Number(c.rows), 0);
  const biggestCount = counts.reduce((a, b) => (Number(b.rows) > Number(a.rows) ? b : a));
  const biggest = apps.find((a) => a.ref === Number(biggestCount.app_ref))!;
  const categories = await readAppCategories(db, biggest);
  const category = categories[Math.floor(categories.length / 2)]!;
  const users = Number((await db('app_users').count<{ n: number }[]>({ n: '*' }))[0]!.n);
  const programs = Number((await db('mini_programs').count<{ n: number }[]>({ n: '*' }))[0]!.n);
  const period = resolvePeriod(30, endDay);
  const version = isMysql(db)
    ? ((await db.raw('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool')) as [{ v: string; pool: number }[]])[0].map(
        (r) => `${r.v} (buffer pool ${Math.round(Number(r.pool) / 2 ** 20)} MB)`,
      )[0]!
    : 'SQLite';
  const size = `${total.toLocaleString('en-US')} activity rows (${apps.length} apps, ${users.toLocaleString('en-US')} app users, ${programs.toLocaleString('en-US')} mini programs; biggest app ${biggest.appId} ${Number(biggestCount.rows).toLocaleString('en-US')} rows)`;
  log(`Measuring on ${version}, ${size}; median of ${runs} warm runs.`);

  // Each figure as answered (from the aggregates) and by the direct queries over the activity;
  // those run on a pool whose statements the server stops after DIRECT_LIMIT_SECONDS.
  const slow = openDirectPool(options.databaseUrl);
  const figures: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    [`app ${biggest.appId} 30d`, () => readAppDetails(db, biggest, null, period), () => readAppDetailsDirect(slow, biggest, null, period)],
    [
      `app ${biggest.appId} 30d category:${category}`,
      () => readAppDetails(db, biggest, category, period),
      () => readAppDetailsDirect(slow, biggest, category, period),
    ],
    ['apps 30d', () => readApps(db, BENCH_WORKSPACE, period, 'users'), () => readAppsDirect(slow, BENCH_WORKSPACE, period, 'users')],
    [`breakdown ${biggest.appId} 30d`, () => readBreakdown(db, biggest, null, period), () => readBreakdownDirect(slow, biggest, null, period)],
    ['merchants 30d', () => readMerchants(db, BENCH_WORKSPACE, period), () => readMerchants(slow, BENCH_WORKSPACE, period)],
  ];
  const rows: string[][] = [];
  const results = new Map<string, { fast: number; direct: number; stopped: boolean }>();
  for (const [name, answer, directly] of figures) {
    const fast = await timeMedian(answer, runs);
    const direct = await timeDirect(directly, Math.min(runs, 3));
    results.set(name, { fast, ...direct });
    const over = direct.stopped ? '> ' : '';
    rows.push([name, `${fmt(fast)} ms`, `${over}${fmt(direct.direct)} ms${direct.stopped ? ' (stopped)' : ''}`, `${over}${fmt(direct.direct / fast)}×`]);
    log(`  ${name}: ${fmt(fast)} ms (direct ${over}${fmt(direct.direct)} ms${direct.stopped ? ', stopped' : ''})`);
  }

  await slow.destroy();
  const storage = await measureStorage(db, total);
  if (storage) {
    rows.push([
      `aggregate storage per 1M activity rows`,
      `${fmt(storage.aggregatesPerMillion / 2 ** 20)} MB`,
      `activity ${fmt(storage.activityPerMillion / 2 ** 20)} MB`,
      '',
    ]);
    log(`  storage per 1M rows: aggregates ${fmt(storage.aggregatesPerMillion / 2 ** 20)} MB, activity ${fmt(storage.activityPerMillion / 2 ** 20)} MB`);
  }

  // The next day, IMPORT_RUNS times (each a day after the last): the median is reported.
  const imports: ImportedDay[] = [];
  for (let run = 0; run < IMPORT_RUNS; run++) {
    imports.push(await importDay(db, (dir) => writeNextDayCsv(db, dir)));
    log(`  import one day (${imports.at(-1)!.day}): ${fmt(imports.at(-1)!.seconds, 2)} s`);
  }
  const importSeconds = median(imports.map((i) => i.seconds));
  const each = imports.map((i) => fmt(i.seconds, 2)).join(', ');
  rows.push([
    `import one day (${imports[0]!.rows.toLocaleString('en-US')} rows, the last day's users again), median of ${IMPORT_RUNS} days (${each} s)`,
    `${fmt(importSeconds, 2)} s`,
    '',
    '',
  ]);
  // Then a day drawn like the generated ones: users back after weeks, and users new to the app.
  const fresh = await importDay(db, (dir) => writeFreshDayCsv(db, dir, benchShape(options.rows, endDay)));
  const newShare = fresh.users ? ` (${fmt((100 * fresh.newUsers) / fresh.users)} % of its ${fresh.users.toLocaleString('en-US')} users new to the app)` : '';
  rows.push([`import a day drawn like the generated ones (${fresh.rows.toLocaleString('en-US')} rows)${newShare}`, `${fmt(fresh.seconds, 2)} s`, '', '']);
  log(`  import a generated day (${fresh.day}): ${fmt(fresh.seconds, 2)} s${newShare}`);

  const detail = await readAppDetails(db, biggest, null, period);
  const png = await timeMedian(() => renderPng(buildAppTrendSpec(detail, 'uv')), Math.max(runs, 10));
  rows.push(['png (30-day trend, 2×)', `${fmt(png)} ms`, '', '']);
  log(`  png: ${fmt(png)} ms`);

  const xlsx = await measureLargeExport();
  rows.push(['xlsx export, 1,000,000 rows', `${fmt(xlsx.seconds)} s, peak RSS ${xlsx.peakMb} MB`, '', '']);
  log(`  xlsx: ${fmt(xlsx.seconds)} s, ${xlsx.peakMb} MB`);

  const ack = await measureAckLatencyInChild(options.databaseUrl, 200, `app ${biggest.appId} 7d`, 9);
  const pair = (p: { p50: number; p99: number }) => `p50 ${fmt(p.p50)} ms, p99 ${fmt(p.p99)} ms`;
  rows.push(['ack, 200 concurrent slash commands: sent → acknowledged', pair(ack.acknowledged), '', '']);
  rows.push(['  round trip seen by the load generator', pair(ack.roundTrip), '', '']);
  rows.push(['  a do-nothing Node server, same load: sent → answered', pair(ack.floor.acknowledged), '', '']);
  rows.push(['  a do-nothing Node server: round trip', pair(ack.floor.roundTrip), '', '']);
  log(
    `  ack: sent → acknowledged ${pair(ack.acknowledged)}; round trip ${pair(ack.roundTrip)}; do-nothing server ${pair(ack.floor.acknowledged)}, round trip ${pair(ack.floor.roundTrip)}`,
  );

  const app30 = results.get(`app ${biggest.appId} 30d`)!;
  const breakdown = results.get(`breakdown ${biggest.appId} 30d`)!;
  const table = formatBenchTable([['figure', 'answer', 'direct', 'ratio'], ...rows]);
  const ratio = (r: { fast: number; direct: number; stopped: boolean }) => `${r.stopped ? '>' : ''}${fmt(r.direct / r.fast)}x`;
  const summary = `bench: app30 ${fmt(app30.fast)} ms (${ratio(app30)} direct), breakdown ${fmt(breakdown.fast)} ms (${ratio(breakdown)}), import-day ${fmt(importSeconds, 2)} s, png ${fmt(png)} ms, ack-p99 ${fmt(ack.acknowledged.p99)} ms, xlsx-1M ${xlsx.peakMb} MB`;
  return [`miniapp-stats bench · ${version} · ${size} · ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`, '', table, '', summary].join(
    '\n',
  );
}

/**
 * How long the bench lets one direct statement run: at 30M rows with a small buffer pool some take
 * many minutes, and the whole bench must finish within 25. A figure stopped at the limit is
 * reported as "> limit" (and its ratio as a lower bound).
 */
const DIRECT_LIMIT_SECONDS = 150;

/** Days imported one after the other for the import-day figure. */
const IMPORT_RUNS = 3;

interface ImportedDay {
  day: string;
  rows: number;
  seconds: number;
  /** Active (app, user) pairs of the day, and those whose first activity in the app it is. */
  users: number;
  newUsers: number;
}

/** Writes a day's activity.csv into a directory of its own and imports it (aggregate upkeep included), timed. */
async function importDay(db: Knex, write: (dir: string) => Promise<{ day: string; rows: number }>): Promise<ImportedDay> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-bench-day-'));
  try {
    const written = await write(dir);
    const started = performance.now();
    await importDirectory(db, dir);
    const seconds = (performance.now() - started) / 1000;
    const [counts] = await db('agg_daily').where({ day: written.day, scope_ref: 0 }).sum<{ users: number }[]>({ users: 'uv' });
    const [firsts] = await db('agg_first_days').where({ day: written.day, scope_ref: 0 }).sum<{ users: number }[]>({ users: 'users' });
    return { ...written, seconds, users: Number(counts?.users ?? 0), newUsers: Number(firsts?.users ?? 0) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function openDirectPool(url: string): Knex {
  const config = buildKnexConfig(url);
  if (config.client !== 'mysql2') return knex(config);
  return knex({
    ...config,
    pool: {
      ...config.pool,
      afterCreate(connection: { query(sql: string, done: (error: Error | null) => void): void }, done: (error: Error | null, connection: unknown) => void) {
        connection.query(`SET SESSION max_statement_time = ${DIRECT_LIMIT_SECONDS}`, (error) => done(error, connection));
      },
    },
  });
}

/** Like timeMedian, but a run the server stops at the time limit counts as "more than the limit". */
async function timeDirect(work: () => Promise<unknown>, runs: number): Promise<{ direct: number; stopped: boolean }> {
  try {
    return { direct: await timeMedian(work, runs), stopped: false };
  } catch (error) {
    if ((error as { errno?: number }).errno !== 1969) throw error;
    return { direct: DIRECT_LIMIT_SECONDS * 1000, stopped: true };
  }
}

function formatBenchTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function measureLargeExport(): Promise<{ seconds: number; peakMb: number }> {
  const script = new URL('../render/xlsx/measure-large-export.ts', import.meta.url).pathname;
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', script, '1000000'], { maxBuffer: 1 << 20 });
  const seconds = Number(/time: ([\d.]+) s/.exec(stdout)?.[1]);
  const peak = /([\d.]+) MB \(VmHWM\)/.exec(stdout)?.[1] ?? /peak RSS: ([\d.]+) MB/.exec(stdout)?.[1];
  return { seconds, peakMb: Number(peak) };
}

/**
 * Creates the bench's MySQL database if missing; with `empty`, drops it first: rolling back the
 * migrations of tens of millions of rows would rebuild indexes that later migrations drop.
 */
async function prepareDatabase(url: string, empty: boolean): Promise<void> {
  if (!/^mysql/i.test(url)) return;
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1)).replace(/`/g, '');
  parsed.pathname = '/';
  const connection = await mysql.createConnection({ uri: parsed.toString() });
  if (empty) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`);
  await connection.end();
}

async function readExistingSize(db: Knex): Promise<number | null> {
  try {
    const row = await db('workspaces').where('workspace_id', BENCH_WORKSPACE).first<{ name: string } | undefined>('name');
    const match = /\((\d+)\)$/.exec(row?.name ?? '');
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

const AGGREGATE_TABLES = ['agg_daily', 'agg_first_days', 'agg_preferences', 'user_states', 'app_categories', 'agg_state'];

/** Bytes on disk (data and indexes, as InnoDB reports them) of the aggregates and of the activity, per million activity rows. */
async function measureStorage(db: Knex, activityRows: number): Promise<{ aggregatesPerMillion: number; activityPerMillion: number } | null> {
  if (!isMysql(db) || activityRows === 0) return null;
  await db.raw(`ANALYZE TABLE ${['activity', ...AGGREGATE_TABLES].join(', ')}`);
  const [rows] = (await db.raw(
    'SELECT table_name AS name, data_length + index_length AS bytes FROM information_schema.tables WHERE table_schema = DATABASE()',
  )) as [{ name: string; bytes: number }[]];
  const bytes = (names: string[]) => rows.filter((r) => names.includes(r.name)).reduce((sum, r) => sum + Number(r.bytes), 0);
  const perMillion = 1_000_000 / activityRows;
  return { aggregatesPerMillion: bytes(AGGREGATE_TABLES) * perMillion, activityPerMillion: bytes(['activity']) * perMillion };
}
