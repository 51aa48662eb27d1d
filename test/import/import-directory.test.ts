import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/cli/describe-failure.ts';
import { openDatabase } from '../../src/db/database.ts';
import { withWriterLock } from '../../src/db/with-writer-lock.ts';
import { ImportError } from '../../src/domain/errors.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { snapshotStore } from '../support/snapshot-store.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { writeTestDataset } from '../support/test-dataset.ts';

/** A folder of CSV files written from text, one file per entry. */
function folderOf(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-bad-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const GOOD_WORKSPACE = 'workspace_id,name,slack_team_id,timezone\nnewco,New Co,T0NEW,Europe/Paris\n';

// Each case: files to import over the base data set, and the error it must give (file, line, reason).
const BAD_IMPORTS: [string, Record<string, string>, RegExp][] = [
  [
    'a missing column',
    { 'workspaces.csv': GOOD_WORKSPACE, 'members.csv': 'workspace_id,email,slack_user_id\nacme,x@y.z,U1\n' },
    /^members\.csv line 1: missing column role/,
  ],
  [
    'an empty key',
    {
      'workspaces.csv': GOOD_WORKSPACE,
      'merchants.csv': 'workspace_id,merchant_id,name,kind,onboarded_on\nacme,m1,A,technical,2026-01-01\nacme, ,B,technical,2026-01-02\n',
    },
    /^merchants\.csv line 3: empty merchant_id/,
  ],
  [
    'a date that does not exist',
    { 'merchants.csv': 'workspace_id,merchant_id,name,kind,onboarded_on\nacme,m1,A,technical,2026-02-30\n' },
    /^merchants\.csv line 2: onboarded_on "2026-02-30" is not a date/,
  ],
  [
    'a date in another format',
    { 'activity.csv': 'workspace_id,app_id,mini_program_id,user_id,day,page_views\nacme,wallet,mp00000,u1,10/01/2026,1\n' },
    /^activity\.csv line 2: day "10\/01\/2026" is not a date/,
  ],
  [
    'an unknown status',
    { 'mini_programs.csv': 'workspace_id,mini_program_id,app_id,name,category,source,status,created_on\nacme,mpX,wallet,X,Games,isv,published,2026-01-01\n' },
    /^mini_programs\.csv line 2: status "published" is not one of/,
  ],
  [
    'an unknown kind',
    { 'merchants.csv': 'workspace_id,merchant_id,name,kind,onboarded_on\nacme,m1,A,semi_technical,2026-01-01\n' },
    /^merchants\.csv line 2: kind "semi_technical" is not one of technical, non_technical/,
  ],
  [
    'page_views of 0',
    { 'activity.csv': 'workspace_id,app_id,mini_program_id,user_id,day,page_views\nacme,wallet,mp00000,u1,2026-10-01,0\n' },
    /^activity\.csv line 2: page_views "0" is not a whole number >= 1/,
  ],
  [
    'page_views of 1.5',
    {
      'activity.csv':
        'workspace_id,app_id,mini_program_id,user_id,day,page_views\nacme,wallet,mp00000,u1,2026-10-01,3\nacme,wallet,mp00000,u2,2026-10-01,1.5\n',
    },
    /^activity\.csv line 3: page_views "1\.5" is not a whole number/,
  ],
  [
    'page_views negative',
    { 'activity.csv': 'workspace_id,app_id,mini_program_id,user_id,day,page_views\nacme,wallet,mp00000,u1,2026-10-01,-2\n' },
    /line 2: page_views "-2"/,
  ],
  [
    'page_views empty',
    { 'activity.csv': 'workspace_id,app_id,mini_program_id,user_id,day,page_views\nacme,wallet,mp00000,u1,2026-10-01,\n' },
    /line 2: page_views "" is not a whole number/,
  ],
  [
    'an unknown workspace',
    { 'members.csv': 'workspace_id,email,slack_user_id,role\nnope,a@b.c,,admin\n' },
    /^members\.csv line 2: workspace "nope" is neither in the store nor in this import/,
  ],
  [
    'an unknown app',
    { 'users.csv': 'workspace_id,app_id,user_id,source\nacme,nope,u1,wallet\n' },
    /^users\.csv line 2: app "nope" is neither in the store nor in this import/,
  ],
  [
    'an app of another workspace',
    { 'mini_programs.csv': 'workspace_id,mini_program_id,app_id,name,category,source,status,created_on\nacme,mpX,secret,X,Games,isv,developing,2026-01-01\n' },
    /line 2: app "secret" is neither/,
  ],
  [
    'an unknown mini program',
    { 'activity.csv': 'workspace_id,app_id,mini_program_id,user_id,day,page_views\nacme,wallet,nope,u1,2026-10-01,1\n' },
    /^activity\.csv line 2: mini program "nope" is neither/,
  ],
  [
    'a mini program of another app',
    { 'activity.csv': 'workspace_id,app_id,mini_program_id,user_id,day,page_views\nacme,superapp,mp00000,u1,2026-10-01,1\n' },
    /^activity\.csv line 2: mini program "mp00000" belongs to another app, not to app "superapp"/,
  ],
  [
    'an invalid time zone',
    { 'workspaces.csv': 'workspace_id,name,slack_team_id,timezone\nnewco,New Co,T0NEW,Mars/Olympus\n' },
    /^workspaces\.csv line 2: timezone "Mars\/Olympus" is not an IANA time zone/,
  ],
  ['a row with too few fields', { 'workspaces.csv': `${GOOD_WORKSPACE}other,Other\n` }, /^workspaces\.csv line 3: malformed CSV/],
  ['an unclosed quote', { 'workspaces.csv': `${GOOD_WORKSPACE}other,"Other,T1,UTC\n` }, /^workspaces\.csv line \d+: malformed CSV/],
  ['an empty file', { 'apps.csv': '' }, /^apps\.csv line 1: empty file/],
];

describe.each(DATABASE_KINDS)('importDirectory on %s', (kind) => {
  let store: TestDatabase;
  let baseDir: string;
  const made: string[] = [];
  beforeAll(async () => {
    ({ dir: baseDir } = await writeTestDataset());
    store = await createTestDatabase(kind);
    await importDirectory(store.db, baseDir);
  });
  afterAll(async () => {
    await store?.drop();
    for (const dir of [baseDir, ...made]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the same files a second time without changing anything', async () => {
    const before = await snapshotStore(store.db);
    expect(before.activity!.rows).toBeGreaterThan(2000);
    await importDirectory(store.db, baseDir);
    expect(await snapshotStore(store.db)).toEqual(before);
  });

  it.each(BAD_IMPORTS)('rejects %s with file, line and reason, and writes nothing', async (_name, files, message) => {
    const before = await snapshotStore(store.db);
    const dir = folderOf(files);
    made.push(dir);
    const failure = await importDirectory(store.db, dir).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ImportError);
    expect((failure as Error).message).toMatch(message);
    expect(await snapshotStore(store.db)).toEqual(before);
  });

  it('rejects a bad row after thousands of good ones and after earlier files, keeping none of them', async () => {
    const before = await snapshotStore(store.db);
    const good = Array.from({ length: 2500 }, (_, i) => `acme,wallet,mp00000,late${i},2026-10-02,${i + 1}`);
    const dir = folderOf({
      'workspaces.csv': GOOD_WORKSPACE,
      'apps.csv': 'workspace_id,app_id,name\nnewco,fresh,Fresh\n',
      'activity.csv': ['workspace_id,app_id,mini_program_id,user_id,day,page_views', ...good, 'acme,wallet,mp00000,bad,2026-10-02,zero'].join('\n'),
    });
    made.push(dir);
    await expect(importDirectory(store.db, dir)).rejects.toThrow(/^activity\.csv line 2502: page_views "zero"/);
    expect(await snapshotStore(store.db)).toEqual(before);
  });

  it('updates rows by key from a newer file, keeps rows the newer file lacks, ignores extra columns', async () => {
    const before = await snapshotStore(store.db);
    const original = (await store.db('mini_programs').where({ workspace_id: 'acme', mini_program_id: 'mp00000' }).first())!;
    const row = (await store.db('activity').where({ app_ref: original.app_ref, mini_program_ref: original.id }).orderBy(['day', 'user_ref']).first())!;
    const user = (await store.db('app_users').where({ id: row.user_ref }).first())!;
    const dir = folderOf({
      'mini_programs.csv': `note,workspace_id,mini_program_id,app_id,name,category,source,status,created_on\nx,acme,mp00000,wallet,Renamed,${original.category},${original.source},OFFLINE,${original.created_on}\n`,
      'activity.csv': `workspace_id,app_id,mini_program_id,user_id,day,page_views,extra\nacme,wallet,mp00000,${user.user_id},${row.day},${row.page_views + 1000},ignored\n`,
    });
    made.push(dir);
    await importDirectory(store.db, dir);
    const updated = await store.db('mini_programs').where({ id: original.id }).first();
    expect(updated).toMatchObject({ name: 'Renamed', status: 'offline' });
    const updatedRow = await store
      .db('activity')
      .where({ app_ref: row.app_ref, day: row.day, user_ref: row.user_ref, mini_program_ref: row.mini_program_ref })
      .first();
    expect(updatedRow!.page_views).toBe(row.page_views + 1000);
    const after = await snapshotStore(store.db);
    expect(after.activity!.rows).toBe(before.activity!.rows);
    expect(after.mini_programs!.rows).toBe(before.mini_programs!.rows);
    expect(after.activity!.hash).not.toBe(before.activity!.hash);
  });

  it('refuses to move a mini program that has activity to another app', async () => {
    const before = await snapshotStore(store.db);
    const dir = folderOf({
      'mini_programs.csv':
        'workspace_id,mini_program_id,app_id,name,category,source,status,created_on\nacme,mp00000,superapp,X,Games,isv,developing,2026-01-01\n',
    });
    made.push(dir);
    await expect(importDirectory(store.db, dir)).rejects.toThrow(/^mini_programs\.csv line 2: mini program "mp00000" already has activity in another app/);
    expect(await snapshotStore(store.db)).toEqual(before);
  });

  it('reports the first bad line when a batch fails to write while later rows, also bad, are being read', async () => {
    const before = await snapshotStore(store.db);
    const header = 'workspace_id,mini_program_id,app_id,name,category,source,status,created_on\n';
    const good = Array.from({ length: 5 }, (_, i) => `acme,mpNew${i},wallet,New ${i},Games,isv,developing,2026-01-01\n`).join('');
    // Batches of 3: lines 5-7 are written while line 8 is read.
    const dir = folderOf({
      'mini_programs.csv': `${header}${good}acme,mp00000,superapp,X,Games,isv,developing,2026-01-01\nacme,mpBad,wallet,X,Games,isv,published,2026-01-01\n`,
    });
    made.push(dir);
    await expect(importDirectory(store.db, dir, { batchSize: 3 })).rejects.toThrow(
      /^mini_programs\.csv line 7: mini program "mp00000" already has activity in another app/,
    );
    expect(await snapshotStore(store.db)).toEqual(before);
  });

  it('refuses a folder without import files', async () => {
    const dir = folderOf({ 'readme.txt': 'hello' });
    made.push(dir);
    await expect(importDirectory(store.db, dir)).rejects.toThrow(/no import files found/);
    await expect(importDirectory(store.db, path.join(dir, 'missing'))).rejects.toThrow(/no such directory/);
  });

  it.runIf(kind === 'mysql')('waits for an import or rebuild already running to commit, then sees what it wrote', async () => {
    const dir = folderOf({ 'members.csv': 'workspace_id,email,slack_user_id,role\nlateco,boss@late.co,,admin\n' });
    made.push(dir);
    let locked!: () => void;
    let release!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const other = withWriterLock(store.db, () =>
      store.db.transaction(async (trx) => {
        locked();
        await released;
        await trx('workspaces').insert({ workspace_id: 'lateco', name: 'Late Co', slack_team_id: null, timezone: 'UTC' });
      }),
    );
    await lockTaken;
    let done = false;
    const importing = importDirectory(store.db, dir).finally(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    release();
    await other;
    await importing;
    expect(await store.db('members').where('workspace_id', 'lateco').pluck('email')).toEqual(['boss@late.co']);
  });

  it.runIf(kind === 'mysql')(
    'fails cleanly when the database goes away mid-import, keeps none of it, and leaves no lock behind',
    async () => {
      // A new day: the base data set's activity, one year later.
      const activity = fs.readFileSync(path.join(baseDir, 'activity.csv'), 'utf8').replace(/,2026-(\d\d-\d\d),/g, ',2027-$1,');
      const dir = folderOf({ 'activity.csv': activity });
      made.push(dir);
      const before = await snapshotStore(store.db);
      const proxy = await startTcpProxy('127.0.0.1', Number(new URL(store.url).port || 3306));
      const url = new URL(store.url);
      url.host = `127.0.0.1:${proxy.port}`;
      const through = openDatabase(url.toString());
      try {
        let cut = false;
        const onProgress = (file: string) => {
          if (file === 'activity.csv' && !cut) {
            cut = true;
            void proxy.stop();
          }
        };
        const failure = await importDirectory(through, dir, { batchSize: 200, onProgress }).catch((error: unknown) => error);
        expect(cut).toBe(true);
        expect(describeFailure(failure)).toMatch(/^Cannot reach the database/);
      } finally {
        await through.destroy().catch(() => undefined);
        await proxy.close();
      }
      expect(await snapshotStore(store.db)).toEqual(before);
      // The lock went with the lost session: the next import runs at once.
      const summary = await importDirectory(store.db, dir);
      expect(summary.files).toEqual([{ file: 'activity.csv', rows: activity.trim().split('\n').length - 1 }]);
    },
    30_000,
  );
});
