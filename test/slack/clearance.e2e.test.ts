/**
 * Who sees an answer, end to end: signed requests to the running app, the Slack stand-in with
 * each conversation's members. Every path (answer, files, thread, click, digest, preview) is held
 * to reach no Slack user without a data role.
 */
import fs from 'node:fs';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { runDigestTick } from '../../src/digests/run-digest-tick.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import type { RunningSlackApp } from '../../src/slack/start-slack-app.ts';
import { argJson, callsDuringPauses, type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../support/slack/fake-slack-api.ts';
import { blockActionsBody, postToApp } from '../support/slack/slack-requests.ts';
import { createSlashSender, type SlashOptions, startTestSlackApp } from '../support/slack/test-slack-app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { TEST_DATASET_OPTIONS, writeTestDataset } from '../support/test-dataset.ts';

const SECRET = 'clearancesigningsecret0123456789';
const TOKEN = 'xoxb-clearance-e2e';
const END = TEST_DATASET_OPTIONS.endDay;
const NOW = new Date(`${END}T16:00:00Z`);
const KIND = DATABASE_KINDS.includes('mysql') ? 'mysql' : 'sqlite';
const BOT = 'U0FAKEBOT1';
const CLEARED = 'C0CLEARED1';
const WITH_VIEWER = 'C0VIEWER01';
const WITH_STRANGER = 'C0GUEST001';
const GROWTH = 'C0GROWTH01';
const BIG = 'C0BIG00001';
const DM = 'D0ADMIN001';
const GROUP_STRANGER = 'G0MPIM0001';
const GROUP_TEAM = 'G0MPIM0002';
/** The Slack users with a data role in Acme Payments (ada: admin, dev: developer, ops: operator by e-mail). */
const DATA_ROLES = new Set(['U0ADMIN', 'U0DEV', 'U0OPS']);
const BIG_MEMBERS = 5000;
const BIG_LINKED = 1000;

describe(`who sees an answer, end to end (${KIND})`, () => {
  let store: TestDatabase;
  let appDb: Knex;
  let fake: FakeSlackApi;
  let running: RunningSlackApp;
  let csvDir: string;
  let base: string;
  let responses = 0;

  beforeAll(async () => {
    const written = await writeTestDataset();
    csvDir = written.dir;
    store = await createTestDatabase(KIND);
    await importDirectory(store.db, csvDir);
    appDb = openDatabase(store.url);
    fake = await startFakeSlackApi({
      tokens: [TOKEN],
      team: { id: 'T0ACME' },
      users: {
        U0ADMIN: { email: 'ada@acme.test' },
        U0OPS: { email: 'Ops@Acme.TEST' },
        U0VIEW: { email: 'viewer@acme.test' },
        U0STRANGER: { email: 'stranger@elsewhere.test' },
        U0ROBOT: { is_bot: true },
      },
      channels: {
        [CLEARED]: { name: 'analysts', members: ['U0ADMIN', 'U0OPS', 'U0DEV', 'U0ROBOT', BOT] },
        [WITH_VIEWER]: { name: 'viewers', members: ['U0ADMIN', 'U0OPS', 'U0VIEW', BOT] },
        [WITH_STRANGER]: { name: 'partners', members: ['U0ADMIN', 'U0STRANGER', BOT] },
        [GROWTH]: { name: 'growth', members: ['U0ADMIN', 'U0OPS', BOT] },
        [DM]: { isIm: true, user: 'U0ADMIN' },
        [GROUP_STRANGER]: { isMpim: true, members: ['U0ADMIN', 'U0OPS', 'U0STRANGER', BOT] },
        [GROUP_TEAM]: { isMpim: true, members: ['U0ADMIN', 'U0OPS', BOT] },
      },
    });
    ({ running, base } = await startTestSlackApp({ db: appDb, fake, botToken: TOKEN, signingSecret: SECRET, now: NOW }));
  });
  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    await appDb?.destroy();
    await store?.drop();
    fs.rmSync(csvDir, { recursive: true, force: true });
  });
  beforeEach(() => fake.reset());

  const send = createSlashSender(() => ({ base, fake }), { signingSecret: SECRET, user: 'U0ADMIN', team: 'T0ACME', channel: CLEARED });
  async function slash(text: string, options: SlashOptions = {}) {
    const { response, responseId } = await send(text, options);
    expect(response.status).toBe(200);
    return responseId;
  }

  /** The private reply that replaced "working on it". */
  const privateReply = async (responseId: string) => (await fake.waitForCall('response_url', (c) => c.responseId === responseId, 15_000)).args;
  const replyText = (reply: Record<string, unknown>) => `${String(reply.text)} ${JSON.stringify(reply.blocks ?? [])}`;
  const filesOf = (call: RecordedCall) => argJson<{ id: string }[]>(call, 'files')!.map((f) => fake.uploads.get(f.id)!.filename);
  const contextLine = (blocks: { type: string; elements?: { text: string }[] }[]) => blocks.at(-1)!.elements![0]!.text;

  /** Nothing went into the conversation, and every direct message went to someone with a data role. */
  async function expectNothingReached(channel: string) {
    // Let any late Slack call of the answer arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const into = fake.calls.filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method) && c.args.channel === channel);
    expect(into).toEqual([]);
    expect(fake.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id === channel)).toEqual([]);
    expectDirectMessagesOnlyToDataRoles();
  }
  function expectDirectMessagesOnlyToDataRoles() {
    for (const open of fake.callsTo('conversations.open')) expect(DATA_ROLES.has(String(open.args.users))).toBe(true);
    for (const post of fake.callsTo('chat.postMessage')) if (/^U/.test(String(post.args.channel))) expect(DATA_ROLES.has(String(post.args.channel))).toBe(true);
  }

  /** The answer posted into `channel`, and the files put into its thread. */
  async function sharedAnswer(channel: string) {
    const post = await fake.waitForCall('chat.postMessage', (c) => c.args.channel === channel && c.status === 200, 15_000);
    const ts = (post.response as { ts: string }).ts;
    const complete = await fake.waitForCall('files.completeUploadExternal', (c) => c.args.thread_ts === ts, 15_000);
    return { post, ts, complete, blocks: argJson<{ type: string; elements?: { text: string; action_id?: string; value?: string }[] }[]>(post, 'blocks')! };
  }

  /** A private answer's files, in the caller's direct messages with the app. */
  async function filesByDirectMessage(user = 'U0ADMIN') {
    const open = await fake.waitForCall('conversations.open', (c) => c.args.users === user, 15_000);
    const dm = (open.response as { channel: { id: string } }).channel.id;
    const complete = await fake.waitForCall('files.completeUploadExternal', (c) => c.args.channel_id === dm, 15_000);
    expect(complete.args.thread_ts).toBeUndefined();
    return filesOf(complete);
  }

  it('shares an answer in a channel whose members all have a data role, ending with who asked, what and how fresh; files in its thread', async () => {
    await slash('app wallet 7d cat:"😀 Fun"');
    const { blocks, complete } = await sharedAnswer(CLEARED);
    expect(contextLine(blocks)).toBe(`Asked by <@U0ADMIN> · \`/miniapp-stats app wallet 7d cat:"😀 Fun"\` · data through ${END} (Asia/Singapore)`);
    expect(filesOf(complete)).toEqual([expect.stringMatching(/^wallet-uv-7d-.*\.png$/)]);
    expect(fake.callsTo('conversations.open')).toEqual([]);
  });

  it.each([
    ['a member whose role is not a data role', WITH_VIEWER, /1 of the 3 members of this conversation cannot see Acme Payments analytics/],
    ['someone who is no member of the workspace', WITH_STRANGER, /1 of the 2 members of this conversation cannot see Acme Payments analytics/],
    ['a group direct message with a stranger in it', GROUP_STRANGER, /1 of the 3 members of this conversation cannot see Acme Payments analytics/],
  ])('shows the answer privately in a conversation with %s, saying how many and how to clear it; files by direct message', async (_name, channel, count) => {
    const responseId = await slash('app wallet 7d', { channel });
    const reply = await privateReply(responseId);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(replyText(reply)).toMatch(count);
    expect(replyText(reply)).toContain('`/miniapp-stats channel allow #channel`');
    expect(replyText(reply)).toContain('invite only members with a data role');
    // How many, never who.
    expect(replyText(reply)).not.toMatch(/U0VIEW|U0STRANGER|viewer@|stranger@/);
    expect(await filesByDirectMessage()).toEqual([expect.stringMatching(/^wallet-uv-7d-.*\.png$/)]);
    await expectNothingReached(channel);
  });

  it('shares an answer in a direct message with the app, and in a group direct message of data roles', async () => {
    await slash('apps', { channel: DM });
    const inDm = await sharedAnswer(DM);
    expect(contextLine(inDm.blocks)).toMatch(/^Asked by <@U0ADMIN> · `\/miniapp-stats apps` · data through /);
    await slash('apps', { channel: GROUP_TEAM, user: 'U0OPS' });
    const inGroup = await sharedAnswer(GROUP_TEAM);
    expect(contextLine(inGroup.blocks)).toMatch(/^Asked by <@U0OPS> /);
  });

  it('answers privately wherever `private` is typed, an export too (its workbook by direct message)', async () => {
    const reply = await privateReply(await slash('private app wallet 30d'));
    expect(replyText(reply)).toContain('you asked for it with `private`');
    await filesByDirectMessage();
    await expectNothingReached(CLEARED);
    fake.reset();
    const exported = await privateReply(await slash('export apps PRIVATE'));
    expect(replyText(exported)).toContain('Your charts and workbook are in our direct messages');
    expect(await filesByDirectMessage()).toContainEqual(expect.stringMatching(/^apps-7d-.*\.xlsx$/));
    await expectNothingReached(CLEARED);
  });

  describe('channel allow, revoke and list', () => {
    it.each([
      ['U0DEV', '"Developer"'],
      ['U0OPS', '"operator"'],
    ])('refuses %s privately', async (user, role) => {
      for (const text of [`channel allow <#${WITH_VIEWER}|viewers>`, `channel revoke <#${WITH_VIEWER}|viewers>`, 'channel list']) {
        const reply = await privateReply(await slash(text, { user }));
        expect(reply).toMatchObject({ response_type: 'ephemeral' });
        expect(String(reply.text)).toBe(`Only workspace admins clear channels for analytics; your role in Acme Payments is ${role}.`);
      }
      expect(await store.db('cleared_channels').select()).toEqual([]);
    });

    it('lets an admin clear a channel (recorded with who and when), shares answers there, and revoke undoes it', async () => {
      const allowed = await privateReply(await slash(`channel allow <#${WITH_VIEWER}|viewers>`));
      expect(String(allowed.text)).toMatch(new RegExp(`^<#${WITH_VIEWER}> is cleared for analytics`));
      const audit = await store
        .db('audit_log')
        .where({ command: `channel allow <#${WITH_VIEWER}|viewers>`, slack_user_id: 'U0ADMIN' })
        .first();
      expect(audit).toMatchObject({ slack_user_id: 'U0ADMIN', member_email: 'ada@acme.test', outcome: 'ok', occurred_at_ms: expect.anything() });
      const listed = await privateReply(await slash('channel list'));
      expect(String(listed.text)).toContain(`• <#${WITH_VIEWER}> by <@U0ADMIN> on 2026-10-16 00:00 Asia/Singapore`);
      const again = await privateReply(await slash(`channel allow <#${WITH_VIEWER}>`));
      expect(String(again.text)).toMatch(/^Already cleared for analytics: /);

      fake.reset();
      await slash('apps', { channel: WITH_VIEWER });
      await sharedAnswer(WITH_VIEWER);

      const revoked = await privateReply(await slash(`channel revoke <#${WITH_VIEWER}|viewers>`));
      expect(String(revoked.text)).toMatch(new RegExp(`^<#${WITH_VIEWER}> is no longer cleared`));
      fake.reset();
      const reply = await privateReply(await slash('apps', { channel: WITH_VIEWER }));
      expect(replyText(reply)).toMatch(/1 of the 3 members/);
      await expectNothingReached(WITH_VIEWER);
      expect(String((await privateReply(await slash('channel list'))).text)).toMatch(/^No channel of Acme Payments is cleared/);
    });

    it('asks for a channel Slack links', async () => {
      expect(String((await privateReply(await slash('channel allow #viewers'))).text)).toMatch(/Mention the channel so Slack links it/);
      expect(String((await privateReply(await slash('channel open'))).text)).toMatch(/Channel commands: `channel allow <#channel>`/);
    });
  });

  describe('clicks', () => {
    const click = (options: { channel: string; message?: { ts: string; blocks: unknown[] }; action: { action_id: string; value?: string }; user?: string }) => {
      const responseId = `a${++responses}`;
      return postToApp(
        `${base}/slack/events`,
        blockActionsBody({
          actions: [options.action],
          userId: options.user ?? 'U0ADMIN',
          teamId: 'T0ACME',
          channelId: options.channel,
          ...(options.message ? { message: { ...options.message, text: 'answer' } } : { isEphemeral: true }),
          responseUrl: fake.responseUrl(responseId),
        }),
        { signingSecret: SECRET },
      ).then(() => responseId);
    };
    const button = (blocks: unknown[], actionId: string) =>
      (blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)!;

    it('answers a click on a shared answer to the clicker alone, leaving the shared answer untouched', async () => {
      await slash('app wallet 7d');
      const { ts, blocks } = await sharedAnswer(CLEARED);
      fake.reset();
      const responseId = await click({
        channel: CLEARED,
        message: { ts, blocks },
        action: { action_id: 'miniapp_period_30', value: button(blocks, 'miniapp_period_30').value },
        user: 'U0OPS',
      });
      const reply = await privateReply(responseId);
      expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(replyText(reply)).toContain('Only you can see this answer');
      expect(await filesByDirectMessage('U0OPS')).toEqual([expect.stringMatching(/^wallet-uv-30d-/)]);
      // Nothing edited, posted or uploaded into the channel: the shared answer stays as its readers saw it.
      await expectNothingReached(CLEARED);
    });

    it('replaces a private answer when it is clicked, and checks the clicker’s own role', async () => {
      const first = await privateReply(await slash('app wallet 7d', { channel: WITH_VIEWER }));
      await filesByDirectMessage();
      fake.reset();
      const action = { action_id: 'miniapp_period_1', value: button(first.blocks as unknown[], 'miniapp_period_1').value };
      const reply = await privateReply(await click({ channel: WITH_VIEWER, action }));
      expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true });
      expect(replyText(reply)).toContain('1 day');
      expect(await filesByDirectMessage()).toEqual([expect.stringMatching(/^wallet-uv-1d-/)]);
      await expectNothingReached(WITH_VIEWER);

      fake.reset();
      const refusal = await privateReply(await click({ channel: WITH_VIEWER, action, user: 'U0VIEW' }));
      expect(String(refusal.text)).toMatch(/your role is "viewer"/);
      await expectNothingReached(WITH_VIEWER);
      expect(fake.callsTo('files.completeUploadExternal')).toEqual([]);
    });
  });

  describe('digests', () => {
    const tick = (atMs: number) =>
      runDigestTick(
        { db: appDb, slack: running.slackClients, logger: pino({ level: 'silent' }), replica: 'e2e', leaseMs: 5 * 60_000, graceMs: 2 * 60_000 },
        new Date(atMs),
      );
    /** 09:00 in Singapore on NOW's day, the first time of a digest added at NOW. */
    const NINE = Date.parse(`${END}T01:00:00Z`) + 24 * 3600_000;

    async function memberJoined(channel: string, user: string) {
      const body = JSON.stringify({
        token: 'fake-verification-token',
        team_id: 'T0ACME',
        api_app_id: 'A0FAKEAPP1',
        type: 'event_callback',
        event_id: `Ev${++responses}`,
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'member_joined_channel', user, channel, channel_type: 'C', team: 'T0ACME', inviter: 'U0ADMIN', event_ts: `${Date.now() / 1000}` },
        authorizations: [{ team_id: 'T0ACME', user_id: BOT, is_bot: true, is_enterprise_install: false }],
      });
      const response = await postToApp(`${base}/slack/events`, body, { signingSecret: SECRET, contentType: 'application/json' });
      expect(response.status).toBe(200);
    }

    it('refuses a digest for a channel that is not cleared, saying why', async () => {
      const reply = await privateReply(await slash(`digest add <#${WITH_STRANGER}|partners> daily 09:00 overview`));
      expect(String(reply.text)).toMatch(
        new RegExp(
          `^:warning: Digests post only into channels cleared for analytics, and <#${WITH_STRANGER}> is not: 1 of the 2 members of <#${WITH_STRANGER}> cannot see`,
        ),
      );
      expect(await store.db('digests').where('channel_id', WITH_STRANGER).select()).toEqual([]);
    });

    it('holds a digest whose channel someone without a role joined, telling the subscriber once', async () => {
      const added = await privateReply(await slash(`digest add <#${GROWTH}|growth> daily 09:00 app wallet`));
      expect(String(added.text)).toMatch(/^Digest #(\d+) added/);
      const id = Number(/#(\d+)/.exec(String(added.text))![1]);
      // The preview goes to the admin alone.
      fake.reset();
      expect(String((await privateReply(await slash(`digest preview ${id}`))).text)).toMatch(/sent to you in a direct message/);
      expect(fake.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(['U0ADMIN']);
      expectDirectMessagesOnlyToDataRoles();

      fake.reset();
      const joined = () => fake.setChannel(GROWTH, { members: ['U0ADMIN', 'U0OPS', BOT, 'U0STRANGER'] });
      joined();
      await memberJoined(GROWTH, 'U0STRANGER');
      for (
        let waited = 0;
        (await store.db('conversation_checks').where('channel_id', GROWTH).whereNotNull('checked_at_ms').first()) && waited < 5000;
        waited += 50
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await tick(NINE + 10_000);
      const run = await store.db('digest_runs').where('digest_id', id).first();
      expect(run).toMatchObject({
        status: 'held',
        last_error: expect.stringMatching(new RegExp(`^1 of the 3 members of <#${GROWTH}> cannot see Acme Payments analytics`)),
      });
      const notices = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ADMIN');
      expect(notices).toHaveLength(1);
      expect(String(notices[0]!.args.text)).toMatch(new RegExp(`^Your digest #${id} for <#${GROWTH}> is held`));
      await expectNothingReached(GROWTH);

      // The next day: held again, and no second message.
      fake.reset();
      joined();
      await tick(NINE + 24 * 3600_000 + 10_000);
      expect(await store.db('digest_runs').where('digest_id', id).orderBy('local_day').pluck('status')).toEqual(['held', 'held']);
      expect(fake.callsTo('chat.postMessage')).toEqual([]);
      const listed = await privateReply(await slash('digest list'));
      expect(String(listed.text)).toMatch(new RegExp(`#${id} <#${GROWTH}> .* · last: held on \\d{4}-\\d{2}-\\d{2} \\(1 of the 3 members`));
      await store.db('digests').where('id', id).update({ removed_at_ms: NOW.getTime() });
    });
  });

  it('checks a channel of 5,000 members page by page within the rate limits: privately "still checking" at first, shared once the check is done', async () => {
    const ids = Array.from({ length: BIG_MEMBERS }, (_, i) => `U0BIG${String(i).padStart(5, '0')}`);
    for (const id of ids) fake.setUser(id, { email: `${id.toLowerCase()}@acme.test` });
    await store.db.batchInsert(
      'members',
      ids.map((id, i) => ({ workspace_id: 'acme', email: `${id.toLowerCase()}@acme.test`, slack_user_id: i < BIG_LINKED ? id : null, role: 'developer' })),
      200,
    );
    fake.setChannel(BIG, { name: 'everyone', members: ['U0ADMIN', ...ids, BOT] });
    // Well under the time the unlinked members take at this rate: the first answer cannot wait for the check.
    fake.setRateLimit('users.info', { limit: 800, windowMs: 1000 });
    try {
      const first = await privateReply(await slash('apps', { channel: BIG }));
      expect(replyText(first)).toContain('I am still checking who is in this conversation');
      await expectNothingReached(BIG);
      for (
        let waited = 0;
        !(await store.db('conversation_checks').where('channel_id', BIG).whereNotNull('checked_at_ms').first()) && waited < 60_000;
        waited += 200
      ) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const pages = fake.callsTo('conversations.members').filter((c) => c.args.channel === BIG);
      expect(pages).toHaveLength(6);
      expect(pages.every((p) => Number(p.args.limit) <= 1000)).toBe(true);
      const infos = fake.callsTo('users.info');
      const answered = infos.filter((c) => c.status === 200).map((c) => String(c.args.user));
      // Only the members not linked by Slack id, each once; nothing sent while Slack said to wait.
      expect(answered).toHaveLength(BIG_MEMBERS - BIG_LINKED);
      expect(new Set(answered).size).toBe(BIG_MEMBERS - BIG_LINKED);
      expect(infos.some((c) => c.rateLimited)).toBe(true);
      expect(callsDuringPauses(infos, 'users.info')).toEqual([]);

      const mark = fake.calls.at(-1)!.seq;
      await slash('apps', { channel: BIG });
      const { blocks } = await sharedAnswer(BIG);
      expect(contextLine(blocks)).toMatch(/^Asked by <@U0ADMIN> · `\/miniapp-stats apps`/);
      expect(fake.calls.filter((c) => c.seq > mark && c.method === 'users.info')).toEqual([]);
    } finally {
      fake.setRateLimit('users.info', null);
      await store.db('members').where('email', 'like', 'u0big%').delete();
    }
  });
});
