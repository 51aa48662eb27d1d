import fs from 'node:fs';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import type { DigestSchedulerDeps } from '../../src/digests/digest-scheduler-deps.ts';
import { manageDigest } from '../../src/digests/manage-digest.ts';
import { runDigestTick } from '../../src/digests/run-digest-tick.ts';
import type { Caller } from '../../src/domain/records.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { parseCommand } from '../../src/reports/parse-command.ts';
import { SlackClient } from '../../src/slack/slack-client.ts';
import { createSingleWorkspaceClients, type SlackClients } from '../../src/slack/slack-clients.ts';
import { readWorkspace } from '../../src/stats/read-workspace.ts';
import { argJson, type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../support/slack/fake-slack-api.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { writeTestDataset } from '../support/test-dataset.ts';

const TOKEN = 'xoxb-digest-token';
const KIND = DATABASE_KINDS.includes('mysql') ? 'mysql' : 'sqlite';
const GROWTH = 'C0GROWTH01';
const SALES = 'C0SALES001';
const GLOBEX = 'C0GLOBEX01';
const LEFT = 'C0LEFT0001';
const MIXED = 'C0MIXED001';
const MINUTE = 60_000;
/** 09:00 in Singapore on the day after the test data ends. */
const NINE_SGT = Date.parse('2026-10-16T01:00:00Z');

describe(`digests on ${KIND}, with three replicas`, () => {
  let store: TestDatabase;
  let csvDir: string;
  let fake: FakeSlackApi;
  const pools: Knex[] = [];
  let replicas: DigestSchedulerDeps[];
  let slack: SlackClient;

  beforeAll(async () => {
    const written = await writeTestDataset();
    csvDir = written.dir;
    store = await createTestDatabase(KIND);
    await importDirectory(store.db, csvDir);
    fake = await startFakeSlackApi({
      tokens: [TOKEN],
      users: {
        U0ADMIN: { email: 'ada@acme.test', team_id: 'T0ACME' },
        U0GLOBEX: { email: 'boss@globex.test', team_id: 'T0GLOBEX' },
        U0STRANGER: { email: 'stranger@elsewhere.test', team_id: 'T0ACME' },
      },
      channels: {
        [GROWTH]: { name: 'growth', members: ['U0ADMIN', 'U0DEV'] },
        [SALES]: { name: 'sales', members: ['U0ADMIN'] },
        [GLOBEX]: { name: 'globex', members: ['U0GLOBEX'] },
        [LEFT]: { name: 'left', isMember: false, members: ['U0ADMIN'] },
        [MIXED]: { name: 'mixed', members: ['U0ADMIN', 'U0STRANGER'] },
      },
    });
    slack = SlackClient.forBackground(TOKEN, { slackApiUrl: fake.url });
    replicas = ['A', 'B', 'C'].map((name) => {
      const db = openDatabase(store.url);
      pools.push(db);
      return {
        db,
        slack: createSingleWorkspaceClients(slack),
        logger: pino({ level: 'silent' }),
        replica: name,
        leaseMs: 5 * MINUTE,
        graceMs: 2 * MINUTE,
      };
    });
  });
  afterAll(async () => {
    await Promise.all(pools.map((db) => db.destroy()));
    await fake?.close();
    await store?.drop();
    fs.rmSync(csvDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await store.db('conversation_checks').delete();
    await store.db('cleared_channels').delete();
    await store.db('digest_run_attempts').delete();
    await store.db('digest_runs').delete();
    await store.db('digests').delete();
    fake.reset();
  });

  async function addDigest(values: {
    workspace?: string;
    channel: string;
    time?: string;
    cadence?: 'daily' | 'weekly';
    weekday?: number;
    content?: string;
    createdAt?: number;
  }): Promise<number> {
    const [id] = await store.db('digests').insert({
      workspace_id: values.workspace ?? 'acme',
      channel_id: values.channel,
      cadence: values.cadence ?? 'daily',
      weekday: values.weekday ?? null,
      time_of_day: values.time ?? '09:00',
      content: values.content ?? 'app wallet 7d',
      created_by: values.workspace === 'globex' ? 'U0GLOBEX' : 'U0ADMIN',
      created_at_ms: values.createdAt ?? NINE_SGT - 30 * 24 * 60 * MINUTE,
    });
    return Number(id);
  }
  const tickAll = (atMs: number) => Promise.all(replicas.map((deps) => runDigestTick(deps, new Date(atMs))));
  const posts = (channel?: string) => fake.callsTo('chat.postMessage').filter((c) => c.status === 200 && (channel === undefined || c.args.channel === channel));
  const runOf = (digestId: number) => store.db('digest_runs').where('digest_id', digestId).orderBy('local_day', 'desc').first();
  const attemptsOf = async (digestId: number) =>
    (
      await store
        .db('digest_run_attempts')
        .join('digest_runs', 'digest_runs.id', 'digest_run_attempts.run_id')
        .where('digest_runs.digest_id', digestId)
        .orderBy('attempt')
        .select('outcome')
    ).map((a) => a.outcome);
  const metadataRun = (call: RecordedCall) => argJson<{ event_payload: { run_id: string } }>(call, 'metadata')!.event_payload.run_id;

  it('posts every due digest exactly once, whatever the number of replicas', async () => {
    const walletGrowth = await addDigest({ channel: GROWTH });
    const walletSales = await addDigest({ channel: SALES });
    const overview = await addDigest({ channel: GROWTH, content: 'overview 7d' });
    const weeklyToday = await addDigest({ channel: SALES, cadence: 'weekly', weekday: 5, content: 'overview 30d' }); // 2026-10-16 is a Friday
    const weeklyOther = await addDigest({ channel: SALES, cadence: 'weekly', weekday: 1, content: 'overview' });
    const globex = await addDigest({ workspace: 'globex', channel: GLOBEX, time: '21:00' }); // 21:00 in New York = 01:00Z
    await tickAll(NINE_SGT + 10_000);
    await tickAll(NINE_SGT + MINUTE);
    await tickAll(NINE_SGT + 2 * MINUTE);
    expect(posts(GROWTH)).toHaveLength(2);
    expect(posts(SALES)).toHaveLength(2);
    expect(posts(GLOBEX)).toHaveLength(1);
    expect(new Set(posts().map(metadataRun)).size).toBe(5);
    for (const id of [walletGrowth, walletSales, overview, weeklyToday, globex]) {
      expect(await runOf(id)).toMatchObject({ status: 'posted', attempts: 1, late: expect.anything() });
      expect(await attemptsOf(id)).toEqual(['posted']);
    }
    // Last Monday passed before any replica ran: recorded as missed, never posted.
    expect(await store.db('digest_runs').where('digest_id', weeklyOther).select('local_day', 'status')).toEqual([
      { local_day: '2026-10-12', status: 'missed' },
    ]);
    expect(Boolean((await runOf(walletGrowth))!.late)).toBe(false);
    // Charts go into each digest's thread.
    const uploads = fake.callsTo('files.completeUploadExternal');
    expect(uploads).toHaveLength(5);
    expect(uploads.map((c) => c.args.thread_ts).sort()).toEqual(
      posts()
        .map((c) => (c.response as { ts: string }).ts)
        .sort(),
    );
    // Globex's digest shows Globex's data.
    expect(JSON.stringify(posts(GLOBEX)[0]!.args.blocks)).toContain('Globex Wallet');
    // Each digest ends with its number, schedule and how fresh the data is.
    expect(String(posts(SALES)[0]!.args.blocks)).toMatch(
      /Digest #\d+ · every (day|Friday) at 09:00 Asia\/Singapore · data through 2026-10-15 \(Asia\/Singapore\)/,
    );
  });

  it('computes the same content once for many channels', async () => {
    const queries = (deps: DigestSchedulerDeps) => {
      let count = 0;
      const listener = (q: { sql: string }) => {
        if (/\b(activity|agg_daily|agg_first_days)\b/.test(q.sql)) count++;
      };
      deps.db.on('query', listener);
      return () => {
        deps.db.off('query', listener);
        return count;
      };
    };
    await addDigest({ channel: GROWTH });
    let stop = queries(replicas[0]!);
    await runDigestTick(replicas[0]!, new Date(NINE_SGT + 10_000));
    const one = stop();
    await addDigest({ channel: SALES });
    await addDigest({ channel: GLOBEX, content: 'app wallet 7d' });
    stop = queries(replicas[0]!);
    await runDigestTick(replicas[0]!, new Date(NINE_SGT + 24 * 60 * MINUTE + 10_000));
    const three = stop();
    expect(one).toBeGreaterThan(0);
    expect(three).toBe(one);
    expect(posts()).toHaveLength(4);
  });

  it('takes over from a replica that died between claim and post, once its lease ran out', async () => {
    const id = await addDigest({ channel: GROWTH });
    const dying = { ...replicas[0]!, hooks: { beforePost: () => Promise.reject(new Error('replica A killed')) } };
    await expect(runDigestTick(dying, new Date(NINE_SGT + 10_000))).rejects.toThrow('replica A killed');
    expect(await runOf(id)).toMatchObject({ status: 'posting', claimed_by: 'A' });
    await tickAll(NINE_SGT + 2 * MINUTE);
    expect(posts()).toHaveLength(0);
    await Promise.all(replicas.slice(1).map((deps) => runDigestTick(deps, new Date(NINE_SGT + 6 * MINUTE))));
    expect(posts()).toHaveLength(1);
    expect(String(posts()[0]!.args.text)).toMatch(/^\[late\] /);
    expect(await runOf(id)).toMatchObject({ status: 'posted', attempts: 2 });
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });

  it('does not post twice when a replica died after posting but before recording it', async () => {
    const id = await addDigest({ channel: GROWTH });
    const dying = { ...replicas[0]!, hooks: { afterPost: () => Promise.reject(new Error('replica A killed after posting')) } };
    await expect(runDigestTick(dying, new Date(NINE_SGT + 10_000))).rejects.toThrow('killed after posting');
    expect(posts()).toHaveLength(1);
    await tickAll(NINE_SGT + 6 * MINUTE);
    expect(posts()).toHaveLength(1);
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(await runOf(id)).toMatchObject({ status: 'posted', message_ts: (posts()[0]!.response as { ts: string }).ts });
    expect(await attemptsOf(id)).toEqual([null, 'recovered']);
  });

  it('waits as long as Retry-After says on a 429, recording each attempt', async () => {
    const id = await addDigest({ channel: GROWTH });
    fake.failNext('chat.postMessage', { retryAfterSeconds: 120 });
    await runDigestTick(replicas[0]!, new Date(NINE_SGT + 10_000));
    expect(await runOf(id)).toMatchObject({ status: 'retrying', next_attempt_at_ms: NINE_SGT + 10_000 + 120_000 });
    await tickAll(NINE_SGT + 70_000);
    expect(posts()).toHaveLength(0);
    await tickAll(NINE_SGT + 131_000);
    expect(posts()).toHaveLength(1);
    expect(await attemptsOf(id)).toEqual(['rate_limited', 'posted']);
  });

  it('backs off and retries after a server error', async () => {
    const id = await addDigest({ channel: GROWTH });
    fake.failNext('chat.postMessage', { status: 500, times: 2 });
    await runDigestTick(replicas[0]!, new Date(NINE_SGT + 10_000));
    expect(await runOf(id)).toMatchObject({ status: 'retrying', next_attempt_at_ms: NINE_SGT + 40_000 });
    await tickAll(NINE_SGT + 41_000);
    expect(await runOf(id)).toMatchObject({ status: 'retrying', next_attempt_at_ms: NINE_SGT + 41_000 + 60_000 });
    await tickAll(NINE_SGT + 102_000);
    expect(posts()).toHaveLength(1);
    expect(await attemptsOf(id)).toEqual(['retry', 'retry', 'posted']);
  });

  it('stops and tells the subscriber when it is not in the channel', async () => {
    const id = await addDigest({ channel: LEFT });
    await tickAll(NINE_SGT + 10_000);
    await tickAll(NINE_SGT + 10 * MINUTE);
    expect(await runOf(id)).toMatchObject({ status: 'failed', last_error: 'not_in_channel' });
    expect(await attemptsOf(id)).toEqual(['channel_unavailable']);
    const notices = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ADMIN');
    expect(notices).toHaveLength(1);
    expect(String(notices[0]!.args.text)).toMatch(/not a member of that channel\. Invite me with `\/invite @miniapp-stats`/);
  });

  it('pauses the runs of a workspace whose Slack team has no usable installation: recorded with why, nothing sent, and posts again once it has one', async () => {
    const id = await addDigest({ channel: GROWTH });
    let installed = false;
    const why = 'miniapp-stats was uninstalled from Slack workspace T0ACME (app_uninstalled); it runs again once the app is reinstalled';
    const byInstallation: SlackClients = {
      forWorkspace: async (workspace) =>
        installed
          ? { slack, teamId: workspace.slackTeamId }
          : { paused: { reason: 'revoked', code: 'app_uninstalled', teamId: workspace.slackTeamId, message: why } },
      forTeam: async () => {
        throw new Error('digests ask by workspace');
      },
    };
    const deps = { ...replicas[0]!, slack: byInstallation };
    await runDigestTick(deps, new Date(NINE_SGT + 10_000));
    expect(await runOf(id)).toMatchObject({ status: 'paused', last_error: why, local_day: '2026-10-16' });
    expect(await attemptsOf(id)).toEqual(['paused']);
    expect(fake.calls).toHaveLength(0);
    // Paused is final for its day: the next ticks leave it.
    await runDigestTick(deps, new Date(NINE_SGT + MINUTE));
    expect(fake.calls).toHaveLength(0);
    installed = true;
    await runDigestTick(deps, new Date(NINE_SGT + 24 * 60 * MINUTE + 10_000));
    expect(posts(GROWTH)).toHaveLength(1);
    expect(await runOf(id)).toMatchObject({ status: 'posted', local_day: '2026-10-17' });
  });

  it('pauses a run whose token Slack no longer accepts instead of retrying with it', async () => {
    const id = await addDigest({ channel: GROWTH });
    fake.failNext('chat.postMessage', { error: 'token_revoked' });
    await runDigestTick(replicas[0]!, new Date(NINE_SGT + 10_000));
    expect(await runOf(id)).toMatchObject({ status: 'paused', last_error: expect.stringMatching(/no longer accepts the token .*\(token_revoked\)/) });
    // The channel's check, then the one refused post, and no more calls with that token (no retry, no direct message).
    const methods = fake.calls.map((c) => c.method);
    expect(methods.filter((method) => method === 'chat.postMessage')).toHaveLength(1);
    expect(methods.at(-1)).toBe('chat.postMessage');
    expect(methods.filter((method) => !method.startsWith('conversations.') && method !== 'users.info')).toEqual(['chat.postMessage']);
  });

  it('holds the post into a channel that is no longer cleared, tells the subscriber once, and posts again once it is cleared', async () => {
    const id = await addDigest({ channel: MIXED });
    await tickAll(NINE_SGT + 10_000);
    expect(await runOf(id)).toMatchObject({
      status: 'held',
      last_error: expect.stringMatching(/^1 of the 2 members of <#C0MIXED001> cannot see Acme Payments analytics/),
    });
    expect(await attemptsOf(id)).toEqual(['held']);
    const notices = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ADMIN');
    expect(notices()).toHaveLength(1);
    expect(String(notices()[0]!.args.text)).toMatch(/^Your digest #\d+ for <#C0MIXED001> is held and was not posted on 2026-10-16: 1 of the 2 members/);
    await tickAll(NINE_SGT + 24 * 60 * MINUTE + 10_000);
    expect(posts(MIXED)).toHaveLength(0);
    expect(notices()).toHaveLength(1);
    // An admin clears it: the next day's digest is posted.
    await store
      .db('cleared_channels')
      .insert({ workspace_id: 'acme', channel_id: MIXED, cleared_by: 'U0ADMIN', cleared_by_email: null, cleared_at_ms: NINE_SGT });
    await tickAll(NINE_SGT + 2 * 24 * 60 * MINUTE + 10_000);
    expect(posts(MIXED)).toHaveLength(1);
    expect(await store.db('digest_runs').where('digest_id', id).where('local_day', '>=', '2026-10-16').orderBy('local_day').pluck('status')).toEqual([
      'held',
      'held',
      'posted',
    ]);
  });

  it('posts a run missed while every replica was down later the same day, marked late, and only records older misses', async () => {
    const id = await addDigest({ channel: GROWTH, createdAt: NINE_SGT - 3 * 24 * 60 * MINUTE - 60 * MINUTE });
    await tickAll(NINE_SGT + 120 * MINUTE); // 11:00 in Singapore
    const runs = await store.db('digest_runs').where('digest_id', id).orderBy('local_day').select('local_day', 'status', 'late');
    expect(runs.map((r) => [r.local_day, r.status, Boolean(r.late)])).toEqual([
      ['2026-10-13', 'missed', false],
      ['2026-10-14', 'missed', false],
      ['2026-10-15', 'missed', false],
      ['2026-10-16', 'posted', true],
    ]);
    expect(posts()).toHaveLength(1);
    expect(String(posts()[0]!.args.text)).toMatch(/^\[late\] /);
    expect(JSON.stringify(posts()[0]!.args.blocks)).toContain('posted late: it was due at 09:00');
    // Down all of the next day until 10:00 the day after: the next day is missed, not posted.
    await tickAll(NINE_SGT + 2 * 24 * 60 * MINUTE + 60 * MINUTE);
    const later = await store.db('digest_runs').where('digest_id', id).where('local_day', '>', '2026-10-16').orderBy('local_day').select('local_day', 'status');
    expect(later.map((r) => [r.local_day, r.status])).toEqual([
      ['2026-10-17', 'missed'],
      ['2026-10-18', 'posted'],
    ]);
    expect(posts()).toHaveLength(2);
  });

  it('keeps to local time on the days clocks change', async () => {
    const springDay = Date.parse('2027-03-14T07:30:00Z'); // 02:30 does not exist in New York that day: 03:30 EDT
    const spring = await addDigest({ workspace: 'globex', channel: GLOBEX, time: '02:30', createdAt: springDay - 10 * 24 * 60 * MINUTE });
    await tickAll(springDay - MINUTE);
    expect(posts()).toHaveLength(0);
    await tickAll(springDay + 30_000);
    expect(posts()).toHaveLength(1);
    expect(await runOf(spring)).toMatchObject({ local_day: '2027-03-14', scheduled_at_ms: springDay, late: expect.anything() });
    expect(Boolean((await runOf(spring))!.late)).toBe(false);

    const autumnFirst = Date.parse('2026-11-01T05:30:00Z'); // 01:30 happens twice in New York: the first one
    const autumn = await addDigest({ workspace: 'globex', channel: GLOBEX, time: '01:30', createdAt: autumnFirst - 10 * 24 * 60 * MINUTE });
    await tickAll(autumnFirst - MINUTE);
    await tickAll(autumnFirst + 30_000);
    await tickAll(autumnFirst + 60 * MINUTE + 30_000); // 01:30 again, an hour later
    const autumnRuns = await store.db('digest_runs').where('digest_id', autumn).select('local_day', 'status', 'scheduled_at_ms');
    expect(autumnRuns.filter((r) => r.local_day === '2026-11-01')).toEqual([{ local_day: '2026-11-01', status: 'posted', scheduled_at_ms: autumnFirst }]);
  });

  describe('managing digests', () => {
    let admin: Caller;
    beforeAll(async () => {
      const workspace = (await readWorkspace(store.db, 'acme'))!;
      admin = {
        workspace,
        member: { workspaceId: 'acme', email: 'ada@acme.test', slackUserId: 'U0ADMIN', role: 'admin' },
        surface: 'slack',
        slackTeamId: 'T0ACME',
        slackUserId: 'U0ADMIN',
      };
    });
    const manage = (text: string, now = new Date(NINE_SGT - 60 * MINUTE)) => {
      const parsed = parseCommand(text);
      if (parsed.verb !== 'digest') throw new Error('not a digest command');
      return manageDigest({ db: store.db, slack, now }, parsed.digest, admin);
    };

    it('adds, lists with the last outcome, previews and removes', async () => {
      expect(await manage(`digest add <#${GROWTH}|growth> weekly fri 08:30 app Wallet 30d cat:ZEBRA`)).toMatch(
        /^Digest #(\d+) added: <#C0GROWTH01> gets `app wallet category:"Zebra" 30d` every Friday at 08:30 Asia\/Singapore\. First post: 2026-10-16 08:30 Asia\/Singapore\.$/,
      );
      const id = Number((await store.db('digests').first('id'))!.id);
      expect(await manage('digest list')).toMatch(
        new RegExp(`^• #${id} <#${GROWTH}> every Friday at 08:30 Asia/Singapore: \`app wallet category:"Zebra" 30d\` · no run yet$`),
      );
      await runDigestTick(replicas[0]!, new Date(NINE_SGT));
      expect(await manage('digest list')).toMatch(/· last: posted \(late\) on 2026-10-16$/);
      fake.reset();
      expect(await manage(`digest preview ${id}`)).toBe(`Preview of digest #${id} sent to you in a direct message.`);
      expect(posts()[0]!.args.channel).toBe('U0ADMIN');
      expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
      expect(await manage(`digest remove ${id}`)).toMatch(/^Digest #\d+ removed/);
      expect(await manage('digest list')).toMatch(/^No digests yet/);
      await expect(manage(`digest remove ${id}`)).rejects.toThrow(/There is no digest #\d+ in this workspace/);
    });

    it.each([
      [`digest add <#C0NOWHERE1|nowhere> daily 09:00`, /I can't see channel C0NOWHERE1/],
      [`digest add <#${LEFT}|left> daily 09:00`, /I am not in #left yet: invite me/],
      [`digest add #growth daily 09:00`, /Mention the channel so Slack links it/],
      [`digest add <#${GROWTH}|growth> daily 09:00 app secret`, /Unknown app "secret"/],
      [`digest add <#${GROWTH}|growth> daily 09:00 app wallet cat:nope`, /no category "nope"/],
      [`digest add <#${MIXED}|mixed> daily 09:00`, /Digests post only into channels cleared for analytics, and <#C0MIXED001> is not: 1 of the 2 members/],
    ])('refuses `%s`', async (text, message) => {
      await expect(manage(text)).rejects.toThrow(message);
      expect(await store.db('digests').count({ n: '*' }).first()).toMatchObject({ n: 0 });
    });
  });
});
