import fs from 'node:fs';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { formatChange, formatCount } from '../../src/render/text/format-text.ts';
import { METHOD_SCOPES } from '../../src/slack/slack-scopes.ts';
import type { RunningSlackApp } from '../../src/slack/start-slack-app.ts';
import { type Expected, expectedApp, expectedApps, expectedBreakdown, expectedMerchants, loadExpected } from '../support/compute-expected.ts';
import { argJson, type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../support/slack/fake-slack-api.ts';
import { blockActionsBody, postToApp, signSlackRequest, slashCommandBody } from '../support/slack/slack-requests.ts';
import { createSlashSender, startTestSlackApp } from '../support/slack/test-slack-app.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { TEST_DATASET_OPTIONS, writeTestDataset } from '../support/test-dataset.ts';

const SECRET = 'e2etestsigningsecret0123456789ab';
const TOKEN = 'xoxb-e2e-token';
const END = TEST_DATASET_OPTIONS.endDay;
/** Noon in Singapore on the day after the data ends: "yesterday" is the data's last day. */
const NOW = new Date(`${END}T16:00:00Z`);
const CHANNEL = 'C0STATS001';
const OUTSIDE = 'C0OUTSIDE1';
const GLOBEX_CHANNEL = 'C0GLOBEX01';
const KIND = DATABASE_KINDS.includes('mysql') ? 'mysql' : 'sqlite';

describe(`the Slack app end to end (${KIND})`, () => {
  let store: TestDatabase;
  let appDb: Knex;
  let proxy: TcpProxy | null = null;
  let fake: FakeSlackApi;
  let running: RunningSlackApp;
  let expected: Expected;
  let csvDir: string;
  let base: string;
  let responses = 0;

  beforeAll(async () => {
    const written = await writeTestDataset();
    csvDir = written.dir;
    expected = loadExpected(written.dataset);
    store = await createTestDatabase(KIND);
    await importDirectory(store.db, csvDir);
    let url = store.url;
    if (KIND === 'mysql') {
      const target = new URL(store.url);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 3306));
      target.host = `127.0.0.1:${proxy.port}`;
      url = target.toString();
    }
    appDb = openDatabase(url);
    fake = await startFakeSlackApi({
      tokens: [TOKEN],
      team: { id: 'T0ACME' },
      users: {
        U0ADMIN: { email: 'ada@acme.test', team_id: 'T0ACME' },
        U0OPS: { email: 'Ops@Acme.TEST', team_id: 'T0ACME' },
        U0VIEW: { email: 'viewer@acme.test', team_id: 'T0ACME' },
        U0STRANGER: { email: 'stranger@elsewhere.test', team_id: 'T0ACME' },
        U0GLOBEX: { email: 'boss@globex.test', team_id: 'T0GLOBEX' },
      },
      // Everyone in these channels has a data role: answers there are shared.
      channels: {
        [CHANNEL]: { name: 'stats', isMember: true, members: ['U0ADMIN', 'U0OPS', 'U0DEV', 'U0FAKEBOT1'] },
        [OUTSIDE]: { name: 'random', isMember: false, members: ['U0ADMIN'] },
        [GLOBEX_CHANNEL]: { name: 'globex', isMember: true, members: ['U0GLOBEX'] },
      },
    });
    ({ running, base } = await startTestSlackApp({ db: appDb, fake, botToken: TOKEN, signingSecret: SECRET, now: NOW }));
  });
  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    await appDb?.destroy();
    await proxy?.close();
    await store?.drop();
    fs.rmSync(csvDir, { recursive: true, force: true });
  });
  const methodsCalled = new Set<string>();
  beforeEach(() => {
    for (const call of fake.calls) if (call.kind === 'api') methodsCalled.add(call.method);
    fake.reset();
  });

  const slash = createSlashSender(() => ({ base, fake }), { signingSecret: SECRET, user: 'U0ADMIN', team: 'T0ACME', channel: CHANNEL });

  /** The private reply that replaced "working on it". */
  async function privateReply(responseId: string): Promise<Record<string, unknown>> {
    const call = await fake.waitForCall('response_url', (c) => c.responseId === responseId, 10_000);
    return call.args;
  }

  /** The answer posted in the channel and the files uploaded into its thread. */
  async function publicAnswer() {
    const post = await fake.waitForCall('chat.postMessage', undefined, 15_000);
    const complete = await fake.waitForCall('files.completeUploadExternal', undefined, 15_000);
    const blocks = argJson<
      { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { action_id?: string; value?: string }[]; block_id?: string }[]
    >(post, 'blocks')!;
    const files = argJson<{ id: string; title: string }[]>(complete, 'files')!;
    const uploads = files.map((f) => fake.uploads.get(f.id)!);
    return { post, complete, blocks, text: JSON.stringify(blocks), files, uploads };
  }

  const lastSeq = () => fake.calls.at(-1)?.seq ?? 0;
  const metricField = (label: string, current: number, previous: number) => `*${label}*\n${formatCount(current)}  ${formatChange(current, previous)}`;

  it('acknowledges a command at once, then posts the answer with its numbers, buttons and a PNG chart in the thread', async () => {
    const { response, responseId } = await slash('app wallet 7d');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Working on `\/miniapp-stats app wallet 7d`/) });
    // One write with its length, not a chunked body.
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(response.body)));
    const { post, complete, blocks, text, uploads } = await publicAnswer();
    const want = expectedApp(expected, 'acme', 'wallet', null, 7, END);
    expect(post.args.channel).toBe(CHANNEL);
    expect(post.token).toBe(TOKEN);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Acme Wallet (wallet)' } });
    const fields = blocks.find((b) => b.fields)!.fields!.map((f) => f.text);
    expect(fields).toEqual([
      metricField('UV', want.metrics.uv, want.previous.uv),
      metricField('PV', want.metrics.pv, want.previous.pv),
      metricField('New visitors', want.metrics.newVisitors, want.previous.newVisitors),
      metricField('Lifetime visitors', want.metrics.lifetimeVisitors, want.previous.lifetimeVisitors),
    ]);
    expect(text).toContain(`All *${want.status.all}*`);
    const actionIds = blocks.flatMap((b) => b.elements ?? []).map((e) => e.action_id);
    expect(actionIds).toEqual(
      expect.arrayContaining([
        'miniapp_period_1',
        'miniapp_period_7',
        'miniapp_period_30',
        'miniapp_export',
        'miniapp_metric_uv',
        'miniapp_metric_pv',
        'miniapp_metric_newVisitors',
        'miniapp_metric_lifetimeVisitors',
        'miniapp_category',
      ]),
    );
    const posted = post.response as { ts: string };
    expect(complete.args.channel_id).toBe(CHANNEL);
    expect(complete.args.thread_ts).toBe(posted.ts);
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(uploads[0]!.filename).toBe(`wallet-uv-7d-${END}.png`);
    expect(uploads[0]!.bytes!.subarray(1, 4).toString()).toBe('PNG');
    expect(fake.callsTo('files.upload')).toHaveLength(0);
    expect(fake.responsesTo(responseId)).toContainEqual(expect.objectContaining({ delete_original: true }));
  });

  it('sends the acknowledgement before any query starts', async () => {
    const queries: number[] = [];
    const responses: number[] = [];
    const onQuery = () => queries.push(performance.now());
    // When the receiver hands the whole acknowledgement to the socket (res.end).
    const onRequest = (_req: unknown, res: import('node:http').ServerResponse) => {
      const end = res.end.bind(res) as (...args: unknown[]) => unknown;
      (res as unknown as { end: (...args: unknown[]) => unknown }).end = (...args: unknown[]) => {
        responses.push(performance.now());
        return end(...args);
      };
    };
    running.httpServer!.on('request', onRequest);
    appDb.on('query', onQuery);
    try {
      const { response } = await slash('merchants 30d');
      expect(response.status).toBe(200);
      await publicAnswer();
      expect(responses).toHaveLength(1);
      expect(queries.length).toBeGreaterThan(0);
      // The acknowledgement had left the server before the first query was sent to the database.
      expect(Math.min(...queries)).toBeGreaterThan(responses[0]!);
    } finally {
      appDb.off('query', onQuery);
      running.httpServer!.off('request', onRequest);
    }
  });

  it.each([
    ['merchants 30d', () => `*New merchants*\n${formatCount(expectedMerchants(expected, 'acme', 30, END).newMerchants)}`, /^merchants-30d-.*\.png$/],
    ['apps', () => `Users *${formatCount(expectedApps(expected, 'acme', 7, END, 'users').apps[0]!.users)}*`, /^apps-users-7d-.*\.png$/],
    ['overview month', () => `*Total merchants*\n${formatCount(expectedMerchants(expected, 'acme', 30, END).totalMerchants)}`, /^merchants-30d-.*\.png$/],
    [
      'breakdown wallet 30d',
      () => `*Users by source*: ${formatCount(expectedBreakdown(expected, 'acme', 'wallet', null, 30, END).usersBySource.total)}`,
      /^wallet-mini-programs-by-source-30d-.*\.png$/,
    ],
  ])('answers `%s` with the right figures and charts', async (text, fragment, chartName) => {
    await slash(text);
    const answer = await publicAnswer();
    expect(answer.text).toContain(JSON.stringify(fragment()).slice(1, -1));
    expect(answer.uploads.map((u) => u.filename)).toContainEqual(expect.stringMatching(chartName));
    for (const upload of answer.uploads) expect(upload.bytes!.length).toBe(upload.declaredLength);
  });

  it('attaches an Excel workbook to `export`', async () => {
    await slash('export breakdown wallet 30d category:games');
    const answer = await publicAnswer();
    const workbook = answer.uploads.find((u) => u.filename.endsWith('.xlsx'))!;
    expect(workbook.filename).toBe(`breakdown-wallet-30d-${END}.xlsx`);
    expect(workbook.bytes!.subarray(0, 2).toString()).toBe('PK');
  });

  it.each([
    ['help', /app <app> \[period\] \[date\] \[category\]/],
    ['', /Commands/],
    ['whoami', /ada@acme\.test, role "admin" in \*Acme Payments\*/],
    ['app walet', /Unknown app "walet"\. Closest: wallet \(Acme Wallet\)/],
    ['app wallet 14d', /"14d" is not a period: use 1d, 7d or 30d/],
    ['app wallet 2999-01-01', /2999-01-01 is in the future/],
    ['app secret', /Unknown app "secret"/],
  ])('answers `%s` privately', async (text, message) => {
    const { responseId } = await slash(text);
    const reply = await privateReply(responseId);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(String(reply.text)).toMatch(message);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it("answers another member's whoami at once behind 100 exports of one member, who gets 3 at a time and a refusal for the rest", async () => {
    const exports = await Promise.all(Array.from({ length: 100 }, () => slash('export apps 30d')));
    for (const { response } of exports) expect(response.status).toBe(200);
    const whoami = await slash('whoami', { user: 'U0DEV' });
    const reply = await privateReply(whoami.responseId);
    expect(String(reply.text)).toMatch(/^You are .*, role "Developer"/);
    const workbooks = () => fake.callsTo('files.completeUploadExternal');
    const doneBeforeWhoami = workbooks().length;
    const firstReplies = await Promise.all(exports.map(({ responseId }) => privateReply(responseId)));
    const refused = firstReplies.filter((first) => first.text !== undefined);
    const started = 100 - refused.length;
    // Three at a time: a few more start as the first ones finish while the hundred are coming in.
    expect(started).toBeGreaterThanOrEqual(3);
    expect(started).toBeLessThan(10);
    for (const refusal of refused) {
      expect(refusal).toEqual({
        response_type: 'ephemeral',
        replace_original: true,
        text: 'You have 3 requests running or waiting; this one (`export apps 30d`) was not started. Send it again once they are answered.',
      });
    }
    await fake.waitForCall('files.completeUploadExternal', () => workbooks().length === started, 30_000);
    // The whoami came last and did not wait for the exports that were started before it.
    expect(doneBeforeWhoami).toBeLessThan(started);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(started);
    const busy = await store.db('audit_log').where({ outcome: 'busy', slack_user_id: 'U0ADMIN' }).count({ n: '*' }).first();
    expect(Number(busy!.n)).toBe(refused.length);
  });

  it('matches a member by profile e-mail when Slack ids are not imported, and caches it', async () => {
    // (The checks of CHANNEL's members have already looked U0OPS up.)
    await store.db('slack_user_links').where('slack_user_id', 'U0OPS').delete();
    await slash('app wallet', { user: 'U0OPS' });
    await publicAnswer();
    expect(fake.callsTo('users.info')).toHaveLength(1);
    fake.reset();
    await slash('apps', { user: 'U0OPS' });
    await publicAnswer();
    expect(fake.callsTo('users.info')).toHaveLength(0);
  });

  it.each([
    ['U0VIEW', 'T0ACME', /for workspace admins, developers and operators; your role is "viewer"/],
    ['U0STRANGER', 'T0ACME', /You are not a member of Acme Payments .*stranger@elsewhere\.test/],
    ['U0ADMIN', 'T0NOWHERE', /This Slack workspace \(T0NOWHERE\) is not linked/],
  ])('refuses %s of %s privately and records it', async (user, team, message) => {
    const { responseId } = await slash('app wallet 7d', { user, team });
    const reply = await privateReply(responseId);
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).toMatch(message);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    const audit = await store.db('audit_log').orderBy('id', 'desc').first();
    expect(audit).toMatchObject({ surface: 'slack', slack_user_id: user, command: 'app wallet 7d', outcome: 'denied' });
  });

  it('lets an admin manage digests from Slack, and no one else', async () => {
    const added = await slash(`digest add <#${CHANNEL}|stats> weekly monday 08:00 app wallet 30d`);
    expect(String((await privateReply(added.responseId)).text)).toMatch(
      /^Digest #\d+ added: <#C0STATS001> gets `app wallet 30d` every Monday at 08:00 Asia\/Singapore\. First post: 2026-10-19 08:00/,
    );
    const listed = await slash('digest list');
    expect(String((await privateReply(listed.responseId)).text)).toMatch(/every Monday at 08:00 Asia\/Singapore: `app wallet 30d` · no run yet/);
    const refused = await slash('digest list', { user: 'U0DEV' });
    expect(String((await privateReply(refused.responseId)).text)).toMatch(/Only workspace admins manage digests; your role in Acme Payments is "Developer"/);
    const bad = await slash(`digest add <#${OUTSIDE}|random> daily 25:00`);
    expect(String((await privateReply(bad.responseId)).text)).toMatch(/"25:00" is not a time of day/);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('shows each workspace only its own apps', async () => {
    await slash('app wallet 30d', { user: 'U0GLOBEX', team: 'T0GLOBEX', channel: GLOBEX_CHANNEL });
    const answer = await publicAnswer();
    expect(answer.blocks[0]).toMatchObject({ text: { text: 'Globex Wallet (wallet)' } });
    // Globex is in New York, where it is still the day the data ends: yesterday is the day before.
    const want = expectedApp(expected, 'globex', 'wallet', null, 30, '2026-10-14');
    expect(answer.text).toContain(JSON.stringify(metricField('UV', want.metrics.uv, want.previous.uv)).slice(1, -1));
  });

  describe('buttons', () => {
    async function answerWithButtons(text: string) {
      await slash(text);
      const answer = await publicAnswer();
      const ts = (answer.post.response as { ts: string }).ts;
      return { ...answer, ts, mark: lastSeq() };
    }
    const click = (
      message: { ts: string; blocks: unknown[] },
      action: { action_id: string; value?: string; selected_option?: { value: string } },
      user = 'U0ADMIN',
    ) =>
      postToApp(
        `${base}/slack/events`,
        blockActionsBody({
          actions: [action],
          userId: user,
          teamId: 'T0ACME',
          channelId: CHANNEL,
          message: { ts: message.ts, blocks: message.blocks, text: 'answer' },
          responseUrl: fake.responseUrl(`a${++responses}`),
        }),
        { signingSecret: SECRET },
      );
    /** The first call of `method` after `mark` calls had been recorded. */
    const next = (method: string, mark: number, predicate: (c: RecordedCall) => boolean = () => true) =>
      fake.waitForCall(method, (c) => c.seq > mark && predicate(c), 15_000);
    const element = (blocks: { elements?: { action_id?: string; value?: string }[] }[], actionId: string) =>
      blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)!;
    /** The clicker's private answer, and the files sent to their direct messages. */
    async function privateRefinement(mark: number) {
      const reply = await next('response_url', mark, (c) => Array.isArray(c.args.blocks));
      const complete = await next('files.completeUploadExternal', mark);
      return { reply: reply.args, complete, filenames: argJson<{ id: string }[]>(complete, 'files')!.map((f) => fake.uploads.get(f.id)!.filename) };
    }

    it('answers a click on a shared answer privately, with the new chart in the direct messages, and leaves the shared answer as it is', async () => {
      const original = await answerWithButtons('app wallet 7d');
      const response = await click(original, { action_id: 'miniapp_period_30', value: element(original.blocks, 'miniapp_period_30').value });
      expect(response.status).toBe(200);
      const { reply, complete, filenames } = await privateRefinement(original.mark);
      expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      const want = expectedApp(expected, 'acme', 'wallet', null, 30, END);
      expect(JSON.stringify(reply.blocks)).toContain(JSON.stringify(metricField('UV', want.metrics.uv, want.previous.uv)).slice(1, -1));
      expect(JSON.stringify(reply.blocks)).toContain('Only you can see this answer');
      expect(String(complete.args.channel_id)).toMatch(/^D/);
      expect(complete.args.thread_ts).toBeUndefined();
      expect(filenames).toEqual([`wallet-uv-30d-${END}.png`]);
      expect(fake.callsTo('chat.update')).toHaveLength(0);
      expect(fake.callsTo('chat.postMessage').filter((c) => c.seq > original.mark)).toHaveLength(0);
    });

    it('switches the trend metric and the category', async () => {
      const original = await answerWithButtons('app wallet 7d');
      await click(original, { action_id: 'miniapp_metric_pv', value: element(original.blocks, 'miniapp_metric_pv').value });
      expect((await privateRefinement(original.mark)).filenames).toEqual([`wallet-pv-7d-${END}.png`]);
      const mark = lastSeq();
      await click(original, { action_id: 'miniapp_category', selected_option: { value: '😀 Fun' } });
      const { reply } = await privateRefinement(mark);
      const want = expectedApp(expected, 'acme', 'wallet', '😀 Fun', 7, END);
      expect(JSON.stringify(reply.blocks)).toContain('Acme Wallet (wallet) · 😀 Fun');
      expect(JSON.stringify(reply.blocks)).toContain(JSON.stringify(metricField('UV', want.metrics.uv, want.previous.uv)).slice(1, -1));
    });

    it('sends the workbook to the clicker’s direct messages on "Download Excel"', async () => {
      const original = await answerWithButtons('apps 30d');
      await click(original, { action_id: 'miniapp_export', value: element(original.blocks, 'miniapp_export').value });
      const complete = await next('files.completeUploadExternal', original.mark);
      expect(complete.args).toMatchObject({ initial_comment: '<@U0ADMIN> here is the workbook.' });
      expect(String(complete.args.channel_id)).toMatch(/^D/);
      const upload = fake.uploads.get(argJson<{ id: string }[]>(complete, 'files')![0]!.id)!;
      expect(upload.filename).toBe(`apps-30d-${END}.xlsx`);
      expect(upload.bytes!.subarray(0, 2).toString()).toBe('PK');
    });

    it("checks the clicker's own role", async () => {
      const original = await answerWithButtons('app wallet 7d');
      await click(original, { action_id: 'miniapp_period_30', value: element(original.blocks, 'miniapp_period_30').value }, 'U0VIEW');
      const refusal = await next('response_url', original.mark);
      expect(refusal.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(String(refusal.args.text)).toMatch(/your role is "viewer"/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(fake.calls.filter((c) => c.seq > original.mark && /^(chat\.|files\.)/.test(c.method))).toHaveLength(0);
    });
  });

  describe('replays', () => {
    it('answers a signed command sent 20 times once, and acknowledges every copy', async () => {
      const body = slashCommandBody({
        command: '/miniapp-stats',
        text: 'merchants 30d',
        userId: 'U0ADMIN',
        teamId: 'T0ACME',
        channelId: CHANNEL,
        responseUrl: fake.responseUrl('replayed'),
      });
      const auditRows = async () => Number((await store.db('audit_log').count({ n: '*' }).first())!.n);
      const auditedBefore = await auditRows();
      const copies = await Promise.all(Array.from({ length: 20 }, () => postToApp(`${base}/slack/events`, body, { signingSecret: SECRET })));
      for (const copy of copies) expect(copy.status).toBe(200);
      await fake.waitForCall('files.completeUploadExternal', undefined, 15_000);
      // Later copies, one at a time, after the answer is out.
      for (let i = 0; i < 3; i++) expect((await postToApp(`${base}/slack/events`, body, { signingSecret: SECRET })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
      expect(fake.responsesTo('replayed')).toEqual([{ delete_original: true }]);
      expect(await auditRows()).toBe(auditedBefore + 1);
    });

    it('answers a "Download Excel" click sent 10 times once', async () => {
      await slash('apps 30d');
      const answer = await publicAnswer();
      const mark = lastSeq();
      const exportButton = answer.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'miniapp_export')!;
      const body = blockActionsBody({
        actions: [{ action_id: 'miniapp_export', value: exportButton.value }],
        userId: 'U0ADMIN',
        teamId: 'T0ACME',
        channelId: CHANNEL,
        message: { ts: (answer.post.response as { ts: string }).ts, blocks: answer.blocks, text: 'answer' },
        responseUrl: fake.responseUrl('clicked'),
      });
      const copies = await Promise.all(Array.from({ length: 10 }, () => postToApp(`${base}/slack/events`, body, { signingSecret: SECRET })));
      for (const copy of copies) expect(copy.status).toBe(200);
      await fake.waitForCall('files.completeUploadExternal', (c) => c.seq > mark, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fake.callsTo('files.getUploadURLExternal').filter((c) => c.seq > mark)).toHaveLength(1);
    });

    it("acknowledges Slack's retries of an event and records it once", async () => {
      const event = {
        type: 'event_callback',
        team_id: 'T0ACME',
        api_app_id: 'A0FAKEAPP1',
        event_id: 'Ev0REPLAY1',
        event_time: 1,
        event: { type: 'app_mention', user: 'U0ADMIN', text: 'hi', ts: '1.1', channel: CHANNEL },
      };
      const raw = JSON.stringify(event);
      for (const retry of [undefined, '1', '2', '3']) {
        const response = await postToApp(`${base}/slack/events`, raw, {
          signingSecret: SECRET,
          contentType: 'application/json',
          headers: retry ? { 'X-Slack-Retry-Num': retry, 'X-Slack-Retry-Reason': 'http_timeout' } : {},
        });
        expect(response.status).toBe(200);
      }
      // Event callbacks are acknowledged by the front and handled after: wait for the handling.
      const recorded = () => store.db('slack_seen_requests').where('request_id', 'event:Ev0REPLAY1').count({ n: '*' }).first();
      await vi.waitFor(async () => expect(await recorded()).toMatchObject({ n: 1 }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await recorded()).toMatchObject({ n: 1 });
    });
  });

  describe('refuses requests Slack did not sign', () => {
    const body = () =>
      slashCommandBody({
        command: '/miniapp-stats',
        text: 'apps',
        userId: 'U0ADMIN',
        teamId: 'T0ACME',
        channelId: CHANNEL,
        responseUrl: fake.responseUrl('forged'),
      });
    it.each([
      ['a forged signature', { signature: `v0=${'0'.repeat(64)}` }],
      ['the wrong secret', { signingSecret: 'not-the-secret-0123456789' }],
      ['a stale timestamp (6 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
      ['a timestamp 6 minutes in the future', { timestamp: Math.floor(Date.now() / 1000) + 360 }],
    ])('with %s', async (_name, override) => {
      const response = await postToApp(`${base}/slack/events`, body(), { signingSecret: SECRET, ...override });
      expect(response.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(fake.calls).toHaveLength(0);
    });
    it('without signature headers', async () => {
      const response = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body() });
      expect(response.status).toBe(401);
    });
    it('accepts a timestamp 4 minutes in the future', async () => {
      const raw = body();
      const response = await fetch(`${base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, raw, Math.floor(Date.now() / 1000) + 240) },
        body: raw,
      });
      expect(response.status).toBe(200);
      await fake.waitForCall('chat.postMessage', undefined, 15_000);
    });
  });

  it('answers privately and sends the charts by direct message in a channel it is not in', async () => {
    const { responseId } = await slash('app wallet', { channel: OUTSIDE });
    const reply = await privateReply(responseId);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(JSON.stringify(reply.blocks)).toMatch(/invite me with/);
    const complete = await fake.waitForCall('files.completeUploadExternal', (c) => String(c.args.channel_id).startsWith('D'), 15_000);
    expect(complete.args.initial_comment).toMatch(/UV/);
  });

  it('waits as Slack says when rate limited, then posts', async () => {
    fake.failNext('chat.postMessage', { retryAfterSeconds: 1 });
    await slash('merchants');
    const posts: RecordedCall[] = [];
    await fake.waitForCall('files.completeUploadExternal', undefined, 15_000);
    posts.push(...fake.callsTo('chat.postMessage'));
    expect(posts).toHaveLength(2);
    expect(posts[0]!.status).toBe(429);
    expect(posts[1]!.time - posts[0]!.time).toBeGreaterThanOrEqual(900);
  });

  it('says so when the database stops, keeps serving, and recovers when it is back', async () => {
    if (!proxy) return;
    const health = async () => (await fetch(`${base}/healthz`)).status;
    expect(await health()).toBe(200);
    await proxy.stop();
    try {
      expect(await health()).toBe(503);
      const { response, responseId } = await slash('app wallet 7d');
      expect(response.status).toBe(200);
      const reply = await privateReply(responseId);
      expect(String(reply.text)).toMatch(/The analytics database is not reachable right now/);
      expect(String(reply.text)).not.toMatch(/\n\s+at /);
    } finally {
      await proxy.start();
    }
    expect(await health()).toBe(200);
    fake.reset();
    await slash('app wallet 7d');
    await publicAnswer();
  });

  it('calls only Web API methods whose scopes the manifest declares', () => {
    for (const call of fake.calls) if (call.kind === 'api') methodsCalled.add(call.method);
    expect(methodsCalled.size).toBeGreaterThanOrEqual(6);
    expect([...methodsCalled].filter((method) => !(method in METHOD_SCOPES))).toEqual([]);
  });

  it('answers 404 elsewhere and only POST on the events path', async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}/slack/events`)).status).toBe(405);
  });
});
