import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { rebuildAggregates } from '../aggregates/rebuild-aggregates.ts';
import { type EnvOptions, readEnvOptions } from '../config/read-env-options.ts';
import { migrateDatabase, openDatabase, redactUrl } from '../db/database.ts';
import { importDirectory } from '../import/import-directory.ts';
import { isDay } from '../util/days.ts';
import { describeFailure } from './describe-failure.ts';
import { type Io, processIo } from './io.ts';
import { runQuery } from './run-query.ts';

const USAGE = `Usage: miniapp-stats <command>

  demo [command text]        the console on an embedded SQLite database filled with demo data
  query "<command text>" [--json] [--as <email|slack user id>] [--workspace <id>]
                             answer one command against DATABASE_URL
  import <dir>               import the CSV files found in <dir> (migrates first)
  migrate                    bring the database schema up to date
  rebuild [--from DATE]      recompute the aggregates (of the apps with activity since DATE)
  serve                      run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT)
  bench [--rows N] [--runs N] [--reuse] [--database-url URL]
                             generate N activity rows (default 3,000,000) into BENCH_DATABASE_URL
                             (default mysql://root@127.0.0.1:3306/miniapp_bench, which it empties) and measure

DATABASE_URL is mysql://user:pass@host:3306/db or sqlite:<path>; unset means ./data/miniapp-stats.sqlite.
Command text is what follows /miniapp-stats in Slack, e.g. "app wallet 7d"; try "help".`;

/** Runs the `miniapp-stats` command line; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = processIo): Promise<number> {
  const [verb, ...rest] = argv;
  let options: EnvOptions | undefined;
  let db: Knex | undefined;
  const open = () => (db ??= openDatabase(options!.databaseUrl));
  try {
    options = readEnvOptions(env);
    switch (verb) {
      case 'migrate': {
        const applied = await migrateDatabase(open());
        io.out(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The schema is up to date.');
        return 0;
      }
      case 'import': {
        const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
        if (positionals.length !== 1) return usage(io, 'import needs exactly one folder: miniapp-stats import <dir>');
        await migrateDatabase(open());
        const summary = await importDirectory(open(), positionals[0]!);
        for (const file of summary.files) io.out(`${file.file}: ${file.rows.toLocaleString('en-US')} rows`);
        io.out('Import committed.');
        return 0;
      }
      case 'query': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { json: { type: 'boolean' }, as: { type: 'string' }, workspace: { type: 'string' } },
        });
        if (positionals.length === 0) return usage(io, 'query needs the command text, e.g. miniapp-stats query "app wallet 7d"');
        const result = await runQuery(open(), positionals.join(' '), { json: values.json, as: values.as, workspaceId: values.workspace });
        if (result.stdout) io.out(result.stdout);
        if (result.stderr) io.err(result.stderr);
        return result.exitCode;
      }
      case 'demo': {
        const { runDemo } = await import('./run-demo.ts');
        return await runDemo(rest.join(' '), options, io);
      }
      case 'rebuild': {
        const { values } = parseArgs({ args: rest, options: { from: { type: 'string' } } });
        if (values.from !== undefined && !isDay(values.from)) return usage(io, `--from must be a date YYYY-MM-DD, got "${values.from}"`);
        await migrateDatabase(open());
        const appRefs =
          values.from === undefined ? undefined : (await open()('activity').where('day', '>=', values.from).distinct('app_ref').pluck('app_ref')).map(Number);
        const started = Date.now();
        const count = await rebuildAggregates(open(), { appRefs, onApp: (ref, ms) => io.err(`app #${ref}: ${(ms / 1000).toFixed(1)} s`) });
        io.out(`Rebuilt the aggregates of ${count} app(s) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        return 0;
      }
      case 'bench': {
        const { values } = parseArgs({
          args: rest,
          options: { rows: { type: 'string' }, runs: { type: 'string' }, reuse: { type: 'boolean' }, 'database-url': { type: 'string' } },
        });
        const rows = Number((values.rows ?? '3000000').replace(/[_,]/g, ''));
        const runs = Number(values.runs ?? '5');
        if (!Number.isSafeInteger(rows) || rows < 10_000) return usage(io, '--rows must be a whole number of at least 10,000');
        if (!Number.isSafeInteger(runs) || runs < 1) return usage(io, '--runs must be a whole number of at least 1');
        const { runBench, DEFAULT_BENCH_URL } = await import('../bench/run-bench.ts');
        const databaseUrl = values['database-url'] ?? env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
        io.out(await runBench({ rows, runs, databaseUrl, reuse: values.reuse ?? false, log: io.err }));
        return 0;
      }
      case 'serve': {
        const { runServe } = await import('./run-serve.ts');
        return await runServe(options, io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      default:
        return usage(io, `Unknown command "${verb}".`);
    }
  } catch (error) {
    io.err(describeFailure(error, options && redactUrl(options.databaseUrl)));
    if (env.LOG_LEVEL === 'debug' && error instanceof Error) io.err(error.stack ?? '');
    return 1;
  } finally {
    await db?.destroy().catch(() => undefined);
  }
}

function usage(io: Io, problem: string): number {
  io.err(`${problem}\n\n${USAGE}`);
  return 1;
}
