import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import mysql from 'mysql2/promise';
import { migrateDatabase, openDatabase } from '../../src/db/database.ts';
import { isMysqlSkipped, readTestMysqlUrl } from './mysql-url.ts';

export type TestDatabaseKind = 'sqlite' | 'mysql';

export interface TestDatabase {
  kind: TestDatabaseKind;
  url: string;
  db: Knex;
  /** Closes the pool and deletes the database. */
  drop(): Promise<void>;
}

/** The database kinds to run store tests on: both, unless MySQL was explicitly skipped. */
export const DATABASE_KINDS: TestDatabaseKind[] = isMysqlSkipped() ? ['sqlite'] : ['sqlite', 'mysql'];

/** A fresh, migrated database of its own for one test file: a temporary SQLite file or a new MySQL database. */
export async function createTestDatabase(kind: TestDatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const suffix = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  let url: string;
  let remove: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-test-'));
    url = `sqlite:${path.join(dir, 'store.sqlite')}`;
    remove = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = new URL(readTestMysqlUrl());
    const name = `miniapp_test_${suffix}`;
    const connection = await mysql.createConnection({ uri: admin.toString() });
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    await connection.end();
    admin.pathname = `/${name}`;
    url = admin.toString();
    remove = async () => {
      const dropper = await mysql.createConnection({ uri: readTestMysqlUrl() });
      await dropper.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await dropper.end();
    };
  }
  const db = openDatabase(url);
  if (options.migrate !== false) await migrateDatabase(db);
  return {
    kind,
    url,
    db,
    async drop() {
      await db.destroy();
      await remove();
    },
  };
}
