/**
 * The store's connection: a `DATABASE_URL` made into a knex pool (SQLite file or MySQL server),
 * its schema brought up to date, and what differs between the two dialects.
 */
import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { MIGRATIONS } from '../../migrations/index.ts';
import { ConfigError } from '../domain/errors.ts';

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS.find(([candidate]) => candidate === name)![1],
};

type DatabaseKind = 'mysql' | 'sqlite';

function detectDatabaseKind(url: string): DatabaseKind {
  if (/^mysql2?:\/\//i.test(url)) return 'mysql';
  if (/^sqlite:/i.test(url)) return 'sqlite';
  throw new ConfigError(`DATABASE_URL must look like mysql://user:pass@host:3306/db or sqlite:path/to/file.sqlite, got "${redactUrl(url)}".`);
}

const sqliteFileOf = (url: string) => url.replace(/^sqlite:(\/\/)?/i, '');

/** Hides the password of a database URL so it can be printed. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** Where knex's own warnings and errors go: a pino logger, or nowhere. */
export interface DatabaseLogger {
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/**
 * knex prints its warnings on standard output, with stack traces ("Acquire connection error:
 * Error: connect ECONNREFUSED …\n    at …"). Each goes to the logger instead, as its first line;
 * without a logger it is dropped: the error that follows it reaches the caller, which reports it.
 */
function routeKnexLog(logger: DatabaseLogger | undefined): Knex.Config['log'] {
  const firstLine = (message: unknown) => (typeof message === 'string' ? message : String(message)).split('\n')[0]!.slice(0, 500);
  return {
    warn: (message) => logger?.warn(firstLine(message)),
    error: (message) => logger?.error(firstLine(message)),
    deprecate: (message) => logger?.debug(firstLine(message)),
    debug: (message) => logger?.debug(firstLine(message)),
  };
}

/** The knex configuration for a `DATABASE_URL`. */
export function buildKnexConfig(url: string, logger?: DatabaseLogger): Knex.Config {
  const kind = detectDatabaseKind(url);
  const migrations: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };
  const log = routeKnexLog(logger);
  if (kind === 'sqlite') {
    const file = sqliteFileOf(url);
    if (file === '') throw new ConfigError('DATABASE_URL=sqlite: needs a file path, e.g. sqlite:data/stats.sqlite');
    return {
      log,
      client: 'better-sqlite3',
      connection: { filename: file === ':memory:' ? file : path.resolve(file) },
      useNullAsDefault: true,
      migrations,
      pool: {
        afterCreate(connection: { pragma(sql: string): unknown }, done: (error: Error | null, connection: unknown) => void) {
          connection.pragma('journal_mode = WAL');
          connection.pragma('foreign_keys = ON');
          connection.pragma('busy_timeout = 5000');
          done(null, connection);
        },
      },
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid URL: "${redactUrl(url)}".`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '') throw new ConfigError('DATABASE_URL must name a database, e.g. mysql://root@127.0.0.1:3306/stats');
  return {
    log,
    client: 'mysql2',
    connection: {
      host: parsed.hostname || '127.0.0.1',
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decodeURIComponent(parsed.username || 'root'),
      password: decodeURIComponent(parsed.password),
      database,
      charset: 'utf8mb4',
      timezone: 'Z',
      dateStrings: true,
      decimalNumbers: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      connectTimeout: 5000,
    },
    pool: { min: 0, max: 10 },
    acquireConnectionTimeout: 10_000,
    migrations,
  };
}

/**
 * Opens a knex connection pool for a `DATABASE_URL`, creating the SQLite file's folder if needed.
 * knex's own messages go to `logger` (one line each), or nowhere.
 */
export function openDatabase(url: string, logger?: DatabaseLogger): Knex {
  if (detectDatabaseKind(url) === 'sqlite') {
    const file = sqliteFileOf(url);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  return knex(buildKnexConfig(url, logger));
}

export function isMysql(db: Knex): boolean {
  return db.client.config.client === 'mysql2';
}

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateDatabase(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]];
  return applied;
}

/** Whether an insert failed because the row's unique key is taken (MySQL, MariaDB, TiDB, SQLite). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number } | null;
  return e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062 || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'SQLITE_CANTOPEN',
]);

/** Whether an error means the database could not be reached (as opposed to a bad query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (code && CONNECTION_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Knex: Timeout acquiring a connection|connect ECONNREFUSED|Connection lost|connection is in closed state|database is locked|unable to open database/i.test(
    message,
  );
}
