import fs from 'node:fs';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorkspaceRecord } from '../../src/domain/records.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { CHECK_TTL_MS, type Clearance, checkClearance, dropClearanceChecks, MEMBERS_PAGE_SIZE } from '../../src/slack/clearance.ts';
import { readStoredCheck, writeClearedChannel } from '../../src/slack/clearance-store.ts';
import { COMMAND_CLIENT_OPTIONS, SlackClient } from '../../src/slack/slack-client.ts';
import { readWorkspace } from '../../src/stats/read-workspace.ts';
import { callsDuringPauses, type FakeSlackApi, startFakeSlackApi } from '../support/slack/fake-slack-api.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { writeTestDataset } from '../support/test-dataset.ts';

const TOKEN = 'xoxb-clearance-token';
const BOT = 'U0FAKEBOT1';

describe.each(DATABASE_KINDS)('checkClearance on %s', (kind) => {
  let store: TestDatabase;
  let csvDir: string;
  let fake: FakeSlackApi;
  let slack: SlackClient;
  let acme: WorkspaceRecord;
  let nowMs = Date.now();
  const check = (channelId: string, options: { waitMs?: number } = {}) =>
    checkClearance({ db: store.db, slack, now: () => nowMs }, { workspace: acme, channelId, botUserId: BOT }, options);
  const slackCalls = () => fake.calls.filter((c) => c.kind === 'api').map((c) => c.method);

  beforeAll(async () => {
    const written = await writeTestDataset();
    csvDir = written.dir;
    store = await createTestDatabase(kind);
    await importDirectory(store.db, csvDir);
    acme = (await readWorkspace(store.db, 'acme'))!;
    fake = await startFakeSlackApi({
      tokens: [TOKEN],
      users: {
        U0ADMIN: { email: 'ada@acme.test' },
        U0OPS: { email: 'OPS@acme.test' },
        U0VIEW: { email: 'viewer@acme.test' },
        U0GUEST: { email: 'guest@acme.test' },
        U0STRANGER: { email: 'stranger@elsewhere.test' },
        U0NOMAIL: {},
        U0ROBOT: { is_bot: true },
        U0GONE: { email: 'gone@elsewhere.test', deleted: true },
        // Linked by Slack id to a viewer: the data role of the e-mail does not count (the caller's rule).
        U0TWIN: { email: 'ada@acme.test' },
      },
      channels: {
        C0TEAM0001: { members: ['U0ADMIN', 'U0OPS', 'U0DEV', 'U0ROBOT', 'U0GONE', BOT, 'USLACKBOT'] },
        C0MIXED001: { members: ['U0ADMIN', 'U0VIEW', 'U0GUEST', 'U0STRANGER', 'U0NOMAIL'] },
        C0CONNECT1: { members: ['U0ADMIN', 'U0ELSEWHERE'] },
        D0ADMIN001: { isIm: true, user: 'U0ADMIN' },
        G0MPIM0001: { isMpim: true, members: ['U0ADMIN', 'U0OPS', 'U0STRANGER', BOT] },
        G0SECRET01: { isMember: false, members: ['U0ADMIN'] },
        C0TWIN0001: { members: ['U0ADMIN', 'U0TWIN'] },
      },
    });
    slack = SlackClient.forRequest(new WebClient(TOKEN, { slackApiUrl: fake.url, ...COMMAND_CLIENT_OPTIONS }));
    await store.db('members').insert({ workspace_id: 'acme', email: 'twin@acme.test', slack_user_id: 'U0TWIN', role: 'viewer' });
  });
  afterAll(async () => {
    await fake?.close();
    await store?.drop();
    fs.rmSync(csvDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    fake.reset();
    nowMs = Date.now();
    for (const table of ['conversation_checks', 'cleared_channels', 'slack_user_links'] as const) await store.db(table).delete();
  });

  it.each<[string, string, Clearance]>([
    [
      'every human has a data role (by Slack id or by e-mail; bots, Slackbot and deactivated users left out)',
      'C0TEAM0001',
      { cleared: true, via: 'members', humans: 3 },
    ],
    [
      'a viewer, a member without a role, a stranger and a profile without e-mail',
      'C0MIXED001',
      { cleared: false, reason: 'members', humans: 5, withoutRole: 4 },
    ],
    ['someone Slack will not describe (another organisation’s)', 'C0CONNECT1', { cleared: false, reason: 'members', humans: 2, withoutRole: 1 }],
    ['a direct message with the app', 'D0ADMIN001', { cleared: true, via: 'members', humans: 1 }],
    ['a group direct message with a stranger', 'G0MPIM0001', { cleared: false, reason: 'members', humans: 3, withoutRole: 1 }],
    ['a private channel the app is not in', 'G0SECRET01', { cleared: false, reason: 'unreadable', code: 'channel_not_found' }],
    ['a user linked by Slack id to a viewer, whose e-mail is an admin’s', 'C0TWIN0001', { cleared: false, reason: 'members', humans: 2, withoutRole: 1 }],
  ])('%s', async (_name, channel, expected) => {
    expect(await check(channel)).toEqual(expected);
  });

  it('asks users.info only for members not linked by Slack id, and keeps what it learnt', async () => {
    await check('C0TEAM0001');
    const asked = fake.callsTo('users.info').map((c) => c.args.user);
    // U0ADMIN and U0DEV are linked by Slack id; the app's own bot and Slackbot are known without asking.
    expect(asked.sort()).toEqual(['U0GONE', 'U0OPS', 'U0ROBOT']);
    const links = await store.db('slack_user_links').orderBy('slack_user_id').select('slack_user_id', 'email', 'is_bot', 'deleted');
    expect(links.map((l) => [l.slack_user_id, l.email, Boolean(l.is_bot), Boolean(l.deleted)])).toEqual([
      ['U0GONE', 'gone@elsewhere.test', false, true],
      ['U0OPS', 'ops@acme.test', false, false],
      ['U0ROBOT', null, true, false],
    ]);
    // Stored for the next check of another channel: only the new members are asked about.
    fake.reset();
    await check('G0MPIM0001');
    expect(fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0STRANGER']);
  });

  it('keeps its result ten minutes, in the database, unless someone joins', async () => {
    expect(await check('C0TEAM0001')).toMatchObject({ cleared: true });
    fake.reset();
    nowMs += CHECK_TTL_MS - 1000;
    expect(await check('C0TEAM0001')).toMatchObject({ cleared: true });
    expect(slackCalls()).toEqual([]);
    expect(await readStoredCheck(store.db, 'acme', 'C0TEAM0001')).toMatchObject({ humans: 3, withoutRole: 0 });

    // Someone joins: the next check asks Slack again and sees them.
    fake.setChannel('C0TEAM0001', { members: ['U0ADMIN', 'U0OPS', 'U0DEV', 'U0STRANGER'] });
    await dropClearanceChecks(store.db, 'C0TEAM0001');
    expect(await readStoredCheck(store.db, 'acme', 'C0TEAM0001')).toBeNull();
    expect(await check('C0TEAM0001')).toEqual({ cleared: false, reason: 'members', humans: 4, withoutRole: 1 });

    // Ten minutes later the members are read again.
    fake.reset();
    nowMs += CHECK_TTL_MS + 1000;
    await check('C0TEAM0001');
    expect(slackCalls()).toContain('conversations.members');
  });

  it('counts a channel an admin cleared as cleared, without asking Slack', async () => {
    await writeClearedChannel(store.db, 'acme', { channelId: 'C0MIXED001', clearedBy: 'U0ADMIN', clearedByEmail: 'ada@acme.test', clearedAtMs: nowMs });
    expect(await check('C0MIXED001')).toMatchObject({ cleared: true, via: 'channel allow', allowed: { clearedBy: 'U0ADMIN' } });
    expect(slackCalls()).toEqual([]);
    // Another workspace's clearance is not this one's.
    const globex = (await readWorkspace(store.db, 'globex'))!;
    const other = await checkClearance({ db: store.db, slack }, { workspace: globex, channelId: 'C0MIXED001' });
    expect(other).toMatchObject({ cleared: false });
  });

  it('reads every page of a large channel, at most 1,000 members a page', async () => {
    const members = Array.from({ length: 2345 }, (_, i) => `U0BIG${String(i).padStart(5, '0')}`);
    fake.setChannel('C0LARGE001', { members: ['U0ADMIN', ...members] });
    await store.db.batchInsert(
      'members',
      members.map((id, i) => ({ workspace_id: 'acme', email: `big${i}@acme.test`, slack_user_id: id, role: 'developer' })),
      200,
    );
    try {
      expect(await check('C0LARGE001')).toEqual({ cleared: true, via: 'members', humans: 2346 });
      const pages = fake.callsTo('conversations.members');
      expect(pages).toHaveLength(3);
      expect(pages.map((p) => Number(p.args.limit))).toEqual([MEMBERS_PAGE_SIZE, MEMBERS_PAGE_SIZE, MEMBERS_PAGE_SIZE]);
      expect(pages[0]!.args.cursor).toBeUndefined();
      expect(pages.slice(1).every((p) => typeof p.args.cursor === 'string' && p.args.cursor !== '')).toBe(true);
      // All linked by Slack id: no profile was asked for.
      expect(fake.callsTo('users.info')).toHaveLength(0);
    } finally {
      await store.db('members').where('email', 'like', 'big%@acme.test').delete();
    }
  });

  it('waits as long as Retry-After says, holding back every call of the method meanwhile', async () => {
    const strangers = Array.from({ length: 60 }, (_, i) => `U0STR${String(i).padStart(5, '0')}`);
    for (const id of strangers) fake.setUser(id, { email: `${id.toLowerCase()}@elsewhere.test` });
    fake.setChannel('C0LIMITED1', { members: ['U0ADMIN', ...strangers] });
    fake.setRateLimit('users.info', { limit: 25, windowMs: 1000 });
    expect(await check('C0LIMITED1')).toEqual({ cleared: false, reason: 'members', humans: 61, withoutRole: 60 });
    const calls = fake.callsTo('users.info');
    expect(calls.some((c) => c.rateLimited)).toBe(true);
    expect(callsDuringPauses(calls, 'users.info')).toEqual([]);
    // Each member asked about until Slack answered, once.
    expect(
      calls
        .filter((c) => c.status === 200)
        .map((c) => c.args.user)
        .sort(),
    ).toEqual([...strangers].sort());
  });

  it('answers "checking" when the check takes longer than it may wait, and stores the result when it is done', async () => {
    const strangers = Array.from({ length: 40 }, (_, i) => `U0SLOW${String(i).padStart(4, '0')}`);
    for (const id of strangers) fake.setUser(id, { email: `${id.toLowerCase()}@elsewhere.test` });
    fake.setChannel('C0SLOW0001', { members: ['U0ADMIN', ...strangers] });
    fake.setRateLimit('users.info', { limit: 20, windowMs: 1000 });
    expect(await check('C0SLOW0001', { waitMs: 0 })).toEqual({ cleared: false, reason: 'checking' });
    // A second request joins the check under way instead of starting another.
    const done = await check('C0SLOW0001');
    expect(done).toEqual({ cleared: false, reason: 'members', humans: 41, withoutRole: 40 });
    expect(fake.callsTo('conversations.members')).toHaveLength(1);
    expect(await readStoredCheck(store.db, 'acme', 'C0SLOW0001')).toMatchObject({ humans: 41, withoutRole: 40 });
  });

  it('does not keep a "cleared" that was found while someone joined: it checks again', async () => {
    const developers = Array.from({ length: 30 }, (_, i) => `U0JOIN${String(i).padStart(4, '0')}`);
    for (const id of developers) fake.setUser(id, { email: `${id.toLowerCase()}@acme.test` });
    await store
      .db('members')
      .insert(developers.map((id) => ({ workspace_id: 'acme', email: `${id.toLowerCase()}@acme.test`, slack_user_id: null, role: 'developer' })));
    fake.setChannel('C0JOINED01', { members: ['U0ADMIN', ...developers] });
    fake.setRateLimit('users.info', { limit: 10, windowMs: 1000 });
    try {
      const running = check('C0JOINED01');
      await fake.waitForCall('users.info', (c) => c.rateLimited === true);
      // A stranger joins while the first check waits for Slack.
      fake.setChannel('C0JOINED01', { members: ['U0ADMIN', ...developers, 'U0STRANGER'] });
      await dropClearanceChecks(store.db, 'C0JOINED01');
      expect(await running).toEqual({ cleared: false, reason: 'members', humans: 32, withoutRole: 1 });
      expect(fake.callsTo('conversations.members')).toHaveLength(2);
    } finally {
      await store.db('members').where('email', 'like', 'u0join%@acme.test').delete();
    }
  });
});
