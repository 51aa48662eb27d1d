import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { buildKnexConfig, databaseKindOf } from './build-knex-config.ts';

/** Opens a knex connection pool for a `DATABASE_URL`, creating the SQLite file's folder if needed. */
export function openDatabase(url: string): Knex {
  if (databaseKindOf(url) === 'sqlite') {
    const file = url.replace(/^sqlite:(\/\/)?/i, '');
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  return knex(buildKnexConfig(url));
}

export function isMysql(db: Knex): boolean {
  return db.client.config.client === 'mysql2';
}
