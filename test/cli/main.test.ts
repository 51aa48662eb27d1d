import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import type { Dataset } from '../../src/generate/generate-dataset.ts';
import { addDays, todayIn } from '../../src/util/days.ts';
import { type Expected, expectedApp, expectedApps, expectedBreakdown, expectedMerchants, loadExpected } from '../support/compute-expected.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { TEST_DATASET_OPTIONS, writeTestDataset } from '../support/test-dataset.ts';

const END = TEST_DATASET_OPTIONS.endDay;

async function run(url: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(argv, { DATABASE_URL: url }, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe.each(DATABASE_KINDS)('miniapp-stats import and query on %s', (kind) => {
  let store: TestDatabase;
  let dataset: Dataset;
  let expected: Expected;
  let dir: string;

  beforeAll(async () => {
    ({ dataset, dir } = await writeTestDataset());
    expected = loadExpected(dataset);
    store = await createTestDatabase(kind, { migrate: false });
    const imported = await run(store.url, 'import', dir);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/activity\.csv: [\d,]+ rows/);
    expect(imported.code).toBe(0);
  });
  afterAll(async () => {
    await store?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const json = async (text: string, ...flags: string[]) => {
    const result = await run(store.url, 'query', text, '--json', '--workspace', 'acme', ...flags);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  };

  it('answers all five subcommands with the right figures as JSON', async () => {
    const mid = addDays(END, -5);
    expect(await json(`merchants 30d ${mid}`)).toEqual(expectedMerchants(expected, 'acme', 30, mid));
    expect(await json(`apps 7d ${END} sort:miniprograms`)).toEqual(expectedApps(expected, 'acme', 7, END, 'miniPrograms'));
    expect(await json(`app Wallet 7d ${END}`)).toEqual(expectedApp(expected, 'acme', 'wallet', null, 7, END));
    expect(await json(`app "Acme Wallet" 1d ${mid} category:games`)).toEqual(expectedApp(expected, 'acme', 'wallet', 'games', 1, mid));
    expect(await json(`breakdown wallet month ${END} "Food & Beverage"`)).toEqual(expectedBreakdown(expected, 'acme', 'wallet', 'Food & Beverage', 30, END));
    expect(await json(`overview ${END}`)).toEqual({
      merchants: expectedMerchants(expected, 'acme', 7, END),
      apps: expectedApps(expected, 'acme', 7, END, 'users'),
    });
  });

  it('prints every count as a JSON number and shares as fractions', async () => {
    const text = (await run(store.url, 'query', `breakdown wallet 30d ${END}`, '--json', '--workspace', 'acme')).stdout;
    expect(text).not.toMatch(/"(count|total|countPrevious|totalPrevious)": "/);
    const data = JSON.parse(text);
    for (const row of data.usersBySource.rows) {
      expect(row.share).toBeGreaterThanOrEqual(0);
      expect(row.share).toBeLessThanOrEqual(1);
    }
  });

  it('prints a readable text answer', async () => {
    const result = await run(store.url, 'query', `app wallet 7d ${END}`, '--workspace', 'acme');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Acme Wallet \(wallet\)/);
    expect(result.stdout).toMatch(/Unique visitors \(UV\)\s+[\d,]+\s+[\d,]+\s+(▲|▼|=|–)/);
    expect(result.stdout).toMatch(/Mini programs now: All \d+ · Full Release \d+/);
  });

  it.each([
    ['app walet', /^Unknown app "walet"\. Closest: wallet \(Acme Wallet\)/],
    ['app wallet 14d', /"14d" is not a period/],
    ['app wallet 2026-02-31', /not a date/],
    ['app wallet category:nope', /App wallet has no category "nope"/],
    ['overview 2999-01-01', /2999-01-01 is in the future: the latest date is today, \d{4}-\d{2}-\d{2} \(Asia\/Singapore\)/],
    ['bogus', /Unknown command "bogus"/],
  ])('refuses %j on one line with exit code 1 and no stack trace', async (text, message) => {
    const result = await run(store.url, 'query', text, '--workspace', 'acme');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.split('\n')).toHaveLength(1);
  });

  it.each([
    ['1,300 words', `app ${'ab '.repeat(1300)}`, /^Unknown app "ab ab ab (ab )+a…"\. Apps: /],
    ['a category of 600 lines', `app wallet category:"${'Games\n'.repeat(600)}"`, /^App wallet has no category "Games Games (Games )+G?a?m?e?…"\. /],
    ['40 KB', `app ${'ab '.repeat(13_654)}`, /^That command is 40,966 characters long; commands are at most 4,000\./],
  ])('refuses %s of command text in a line of under 500 characters', async (_name, text, message) => {
    const result = await run(store.url, 'query', text, '--workspace', 'acme');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr.length).toBeLessThan(500);
  });

  it('accepts today and yesterday in the workspace zone', async () => {
    const today = todayIn('Asia/Singapore');
    expect((await json('merchants today')).range.end).toBe(today);
    expect((await json('merchants yesterday')).range.end).toBe(addDays(today, -1));
    expect((await json('merchants')).range).toEqual({ start: addDays(today, -7), end: addDays(today, -1), days: 7 });
  });

  describe('--as applies the access rules', () => {
    it.each(['ada@acme.test', 'ADA@acme.test', 'U0DEV', 'ops@acme.test'])('lets %s (admin, developer, operator) see data', async (who) => {
      const result = await run(store.url, 'query', `app wallet ${END}`, '--json', '--as', who);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).app).toEqual({ appId: 'wallet', name: 'Acme Wallet' });
    });

    it.each([
      ['viewer@acme.test', /your role is "viewer"/],
      ['U0GUEST', /your role is no role/],
      ['nobody@acme.test', /No member nobody@acme\.test/],
    ])('refuses %s', async (who, message) => {
      const result = await run(store.url, 'query', `app wallet ${END}`, '--as', who);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    });

    it('keeps each member in their own workspace, whatever they type', async () => {
      const own = await run(store.url, 'query', `app wallet ${END}`, '--json', '--as', 'boss@globex.test');
      expect(JSON.parse(own.stdout).app).toEqual({ appId: 'wallet', name: 'Globex Wallet' });
      const foreign = await run(store.url, 'query', `app secret ${END}`, '--as', 'ada@acme.test');
      expect(foreign.code).toBe(1);
      expect(foreign.stderr).toMatch(/Unknown app "secret"/);
      expect(foreign.stderr).not.toMatch(/Secret Project/);
      const crossing = await run(store.url, 'query', `app wallet ${END}`, '--as', 'boss@globex.test', '--workspace', 'acme');
      expect(crossing.code).toBe(1);
      expect(crossing.stderr).toMatch(/No member boss@globex\.test in workspace acme/);
      const merchants = JSON.parse((await run(store.url, 'query', `merchants 30d ${END}`, '--json', '--as', 'boss@globex.test')).stdout);
      expect(merchants).toEqual(expectedMerchants(expected, 'globex', 30, END));
    });

    it('answers whoami for everyone, with the role as the app sees it', async () => {
      const result = await run(store.url, 'query', 'whoami', '--json', '--as', 'viewer@acme.test');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        workspace: { workspaceId: 'acme' },
        member: { role: 'viewer' },
        canSeeData: false,
        canManageDigests: false,
      });
    });

    it('writes every command and its outcome to the audit log', async () => {
      await run(store.url, 'query', 'app wallet 7d', '--as', 'viewer@acme.test');
      await run(store.url, 'query', 'app nowhere', '--as', 'ada@acme.test');
      const rows = await store.db('audit_log').orderBy('id', 'desc').limit(2).select();
      expect(rows[1]).toMatchObject({
        surface: 'console',
        workspace_id: 'acme',
        member_email: 'viewer@acme.test',
        command: 'app wallet 7d',
        outcome: 'denied',
      });
      expect(rows[0]).toMatchObject({ member_email: 'ada@acme.test', command: 'app nowhere', outcome: 'invalid' });
    });

    it('asks which workspace when the store has several', async () => {
      const result = await run(store.url, 'query', 'merchants');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/several workspaces \(acme, globex\): choose one with --workspace/);
    });
  });
});

describe('the miniapp-stats executable', () => {
  const exec = promisify(execFile);
  it('runs from bin/ and reports a bad DATABASE_URL on one line, exit code 1', async () => {
    const failure = await exec('node', ['bin/miniapp-stats.js', 'query', 'apps'], { env: { ...process.env, DATABASE_URL: 'postgres://x' } }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toMatch(/^DATABASE_URL must look like mysql:\/\/user:pass@host:3306\/db or sqlite:path\/to\/file\.sqlite/);
    expect(failure.stderr).not.toMatch(/\n\s+at /);
  });
  it('reports an unreachable MySQL server without a stack trace', async () => {
    const failure = await exec('node', ['bin/miniapp-stats.js', 'query', 'apps'], {
      env: { ...process.env, DATABASE_URL: 'mysql://root:secret@127.0.0.1:1/none' },
    }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toMatch(/^Cannot reach the database at mysql:\/\/root:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
  });
});
