/**
 * One `serve` process installing and serving every tenant's Slack workspace (distributed mode),
 * end to end: real signed requests to the running app, a browser going through the OAuth flow,
 * and the Slack stand-in checking that each call carries the token of its own team.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { type Logger, pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { runDigestTick } from '../../src/digests/run-digest-tick.ts';
import { importDirectory } from '../../src/import/import-directory.ts';
import { DatabaseStateStore } from '../../src/slack/installations/database-state-store.ts';
import { TokenCipher } from '../../src/slack/installations/token-cipher.ts';
import type { DistributedSlackCredentials } from '../../src/slack/read-slack-credentials.ts';
import { requiredBotScopes } from '../../src/slack/slack-scopes.ts';
import { type RunningSlackApp, startSlackApp } from '../../src/slack/start-slack-app.ts';
import { type FakeOAuthGrant, type FakeSlackApi, type RecordedCall, startFakeSlackApi } from '../support/slack/fake-slack-api.ts';
import { authorizeAtSlack, fetchPage, installThroughBrowser, openInstallPage, STATE_COOKIE } from '../support/slack/slack-browser.ts';
import { eventCallbackBody, postToApp, slashCommandBody, urlVerificationBody } from '../support/slack/slack-requests.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase, type TestDatabaseKind } from '../support/test-database.ts';
import { TEST_DATASET_OPTIONS, writeTestDataset } from '../support/test-dataset.ts';
import { dumpDatabase } from './installations/installation-fixtures.ts';

const KIND = DATABASE_KINDS.includes('mysql') ? 'mysql' : 'sqlite';
const SIGNING_SECRET = crypto.randomBytes(16).toString('hex');
const STATE_SECRET = crypto.randomBytes(32).toString('hex');
const TOKEN_KEY = crypto.randomBytes(32).toString('hex');
const END = TEST_DATASET_OPTIONS.endDay;
/** Midnight in Singapore after the day the data ends: "yesterday" is the data's last day. */
const NOW = new Date(`${END}T16:00:00Z`);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** 09:00 in Singapore on the day after the data ends: acme's digests are due. */
const NINE_SGT = Date.parse('2026-10-16T01:00:00Z');
const ACME = { id: 'T0ACME', name: 'Acme Slack' };
const GLOBEX = { id: 'T0GLOBEX', name: 'Globex Slack' };
const STRAY = { id: 'T0STRAY', name: 'Stray Slack' };
const ACME_CHANNEL = 'C0ACMESTAT';
const GLOBEX_CHANNEL = 'C0GLOBEXST';
const STRAY_CHANNEL = 'C0STRAYCHN';
const ROTATING = 120;

/** A log destination keeping every line, to look for secrets in. */
function recordLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

async function startTestData(kind: TestDatabaseKind = KIND) {
  const written = await writeTestDataset();
  const store = await createTestDatabase(kind);
  await importDirectory(store.db, written.dir);
  fs.rmSync(written.dir, { recursive: true, force: true });
  return store;
}

function distributedCredentials(fake: FakeSlackApi, redirectUri?: string): DistributedSlackCredentials {
  return {
    mode: 'distributed',
    clientId: fake.oauth.clientId,
    clientSecret: fake.oauth.clientSecret,
    stateSecret: STATE_SECRET,
    signingSecret: SIGNING_SECRET,
    redirectUri,
    tokenCipher: TokenCipher.fromKeyText(TOKEN_KEY),
  };
}

/** `serve` in distributed mode on a free port, against the stand-in. */
async function startDistributedApp(db: Knex, fake: FakeSlackApi, logger: Logger, redirectUri?: string): Promise<{ running: RunningSlackApp; base: string }> {
  const running = await startSlackApp({
    db,
    logger,
    credentials: distributedCredentials(fake, redirectUri),
    slackApiUrl: fake.url,
    port: 0,
    host: '127.0.0.1',
    now: () => NOW,
  });
  return { running, base: `http://127.0.0.1:${running.port}` };
}

/** What acting as Slack and as the tenants' people needs against one running app. */
let responses = 0;

function slackSide(fake: FakeSlackApi, app: () => { base: string }) {
  const mark = () => fake.calls.at(-1)?.seq ?? 0;
  const since = (seq: number, method?: string) => fake.calls.filter((c) => c.seq > seq && (method === undefined || c.method === method));
  async function slash(text: string, o: { user: string; team: string; channel: string; enterpriseId?: string; org?: boolean; base?: string }) {
    const responseId = `r${++responses}`;
    const body = slashCommandBody({
      command: '/miniapp-stats',
      text,
      userId: o.user,
      teamId: o.team,
      channelId: o.channel,
      responseUrl: fake.responseUrl(responseId),
      ...(o.enterpriseId ? { enterpriseId: o.enterpriseId, isEnterpriseInstall: o.org ?? false } : {}),
    });
    const response = await postToApp(`${o.base ?? app().base}/slack/events`, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return responseId;
  }
  const privateReply = async (responseId: string) =>
    String((await fake.waitForCall('response_url', (c) => c.responseId === responseId && c.args.text !== undefined, 15_000)).args.text);
  const posted = (after: number, channel: string) => fake.waitForCall('chat.postMessage', (c) => c.seq > after && c.args.channel === channel, 15_000);
  const event = (body: string) => postToApp(`${app().base}/slack/events`, body, { signingSecret: SIGNING_SECRET, contentType: 'application/json' });
  /** The team an issued token serves (an org-wide token: its enterprise). */
  const teamOf = (token: string | undefined) => {
    const info = token ? fake.oauth.tokenInfo(token) : undefined;
    return info ? (info.teamId ?? `org:${info.enterpriseId}`) : `unknown token ${token}`;
  };
  return { mark, since, slash, privateReply, posted, event, teamOf };
}

const grantOf = (team: { id: string; name: string }, extra: Partial<FakeOAuthGrant> = {}): FakeOAuthGrant => ({ team, ...extra });

describe(`one serve process for every tenant's Slack workspace (${KIND})`, () => {
  let store: TestDatabase;
  let appDb: Knex;
  let fake: FakeSlackApi;
  let running: RunningSlackApp;
  let base: string;
  const logs = recordLogs();
  const extraPools: Knex[] = [];
  const extraApps: RunningSlackApp[] = [];
  const side = () => slackSide(fake, () => ({ base }));

  beforeAll(async () => {
    store = await startTestData();
    appDb = openDatabase(store.url);
    fake = await startFakeSlackApi({
      tokens: [],
      users: {
        U0ADMIN: { email: 'ada@acme.test', team_id: ACME.id },
        U0GLOBEX: { email: 'boss@globex.test', team_id: GLOBEX.id },
        U0STRAY: { email: 'someone@stray.test', team_id: STRAY.id },
      },
      channels: {
        [ACME_CHANNEL]: { name: 'acme-stats', teamId: ACME.id, members: ['U0ADMIN'] },
        [GLOBEX_CHANNEL]: { name: 'globex-stats', teamId: GLOBEX.id, members: ['U0GLOBEX'] },
        [STRAY_CHANNEL]: { name: 'stray', teamId: STRAY.id, members: ['U0STRAY'] },
      },
    });
    ({ running, base } = await startDistributedApp(appDb, fake, logs.logger));
    fake.oauth.redirectUrl = `${base}/slack/oauth_redirect`;
  });
  afterAll(async () => {
    for (const app of extraApps) await app.stop();
    await running?.stop();
    await fake?.close();
    for (const pool of extraPools) await pool.destroy();
    await appDb?.destroy();
    await store?.drop();
  });

  const installations = () => store.db('slack_installations').orderBy('id').select();
  const installationOf = async (teamId: string) => {
    const row = await store.db('slack_installations').where({ team_id: teamId }).first();
    if (!row) throw new Error(`no installation of ${teamId}`);
    return row;
  };
  const digestDeps = (db: Knex = appDb, slack = running.slackClients) => ({
    db,
    slack,
    logger: logs.logger,
    replica: 'test',
    leaseMs: 5 * MINUTE,
    graceMs: 2 * MINUTE,
  });
  async function addDigest(workspace: string, channel: string, createdBy: string): Promise<number> {
    await store.db('digest_run_attempts').delete();
    await store.db('digest_runs').delete();
    await store.db('digests').delete();
    const [id] = await store.db('digests').insert({
      workspace_id: workspace,
      channel_id: channel,
      cadence: 'daily',
      weekday: null,
      time_of_day: '09:00',
      content: 'app wallet 7d',
      created_by: createdBy,
      created_at_ms: NINE_SGT - 30 * DAY,
    });
    return Number(id);
  }
  /** The runs of a digest from its first posting day on (earlier days are recorded as missed). */
  const runsOf = (digestId: number) => store.db('digest_runs').where('digest_id', digestId).whereNot('status', 'missed').orderBy('local_day').select();

  it('serves the install page: an "Add to Slack" link carrying client_id, the bot scopes and a state, and the state cookie', async () => {
    const page = await openInstallPage(base);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-length')).toBe(String(Buffer.byteLength(page.body)));
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body).toMatch(/Add to Slack/);
    expect(page.body).not.toMatch(/<(img|script|link rel="stylesheet")[^>]*(src|href)="https?:/);
    const link = page.authorizeUrl;
    expect(`${link.origin}${link.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(link.searchParams.get('client_id')).toBe(fake.oauth.clientId);
    expect(link.searchParams.get('scope')!.split(',').sort()).toEqual(requiredBotScopes());
    expect(link.searchParams.get('redirect_uri')).toBeNull();
    const state = link.searchParams.get('state')!;
    expect(page.cookie).toBe(`${STATE_COOKIE}=${state}`);
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(page.headers.get('set-cookie')).toMatch(/Max-Age=600/);
    expect((await fetch(`${base}/slack/install`, { method: 'POST' })).status).toBe(405);
  });

  it('installs two Slack teams through the browser, and one process serves both, each call with its own team token', async () => {
    const { mark, since, slash, posted, teamOf } = side();
    const acme = await installThroughBrowser(base, fake, grantOf(ACME));
    expect(acme.status).toBe(200);
    expect(acme.headers.get('content-length')).toBe(String(Buffer.byteLength(acme.body)));
    expect(acme.body).toMatch(/installed in the Slack workspace Acme Slack \(<code>T0ACME<\/code>\)/);
    expect(acme.body).toMatch(/It answers for <strong>Acme Payments<\/strong>/);
    expect(acme.body).toMatch(/\/miniapp-stats help/);
    // The state cookie is deleted once the callback has used it.
    expect(acme.headers.get('set-cookie')).toMatch(new RegExp(`${STATE_COOKIE}=deleted; .*Expires=Thu, 01 Jan 1970`));
    const globex = await installThroughBrowser(base, fake, grantOf(GLOBEX));
    expect(globex.status).toBe(200);
    expect(await installations()).toMatchObject([
      { team_id: ACME.id, status: 'active', team_name: ACME.name },
      { team_id: GLOBEX.id, status: 'active', team_name: GLOBEX.name },
    ]);

    const before = mark();
    const [acmeReply, globexReply] = [
      await slash('app wallet 7d', { user: 'U0ADMIN', team: ACME.id, channel: ACME_CHANNEL }),
      await slash('app wallet 30d', { user: 'U0GLOBEX', team: GLOBEX.id, channel: GLOBEX_CHANNEL }),
    ];
    const acmePost = await posted(before, ACME_CHANNEL);
    const globexPost = await posted(before, GLOBEX_CHANNEL);
    await fake.waitForCall('files.completeUploadExternal', (c) => c.seq > before && c.args.channel_id === GLOBEX_CHANNEL, 15_000);
    await fake.waitForCall('files.completeUploadExternal', (c) => c.seq > before && c.args.channel_id === ACME_CHANNEL, 15_000);
    expect(acmePost.args.blocks).toContain('Acme Wallet (wallet)');
    expect(globexPost.args.blocks).toContain('Globex Wallet (wallet)');
    expect(teamOf(acmePost.token)).toBe(ACME.id);
    expect(teamOf(globexPost.token)).toBe(GLOBEX.id);
    expect(acmePost.token).not.toBe(globexPost.token);
    // Every Web API call of both answers carried the token of the team it acted in, and the stand-in took it.
    const calls = since(before).filter((c) => c.kind === 'api');
    expect(calls.length).toBeGreaterThanOrEqual(6);
    for (const call of calls) {
      expect(call.response).toMatchObject({ ok: true });
      const channel = String(call.args.channel ?? call.args.channel_id ?? '');
      if (channel) expect(teamOf(call.token)).toBe(channel === ACME_CHANNEL ? ACME.id : GLOBEX.id);
    }
    expect(fake.responsesTo(acmeReply).some((r) => r.delete_original)).toBe(true);
    expect(fake.responsesTo(globexReply).some((r) => r.delete_original)).toBe(true);
  });

  describe('refuses an install callback that is not the end of an install this browser started, and stores nothing', () => {
    async function expectRefused(url: URL | string, cookie: string | undefined, reason: RegExp) {
      const before = side().mark();
      const rows = await installations();
      const page = await fetchPage(url.toString(), cookie);
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect(page.status).toBeLessThan(500);
      expect(page.headers.get('content-length')).toBe(String(Buffer.byteLength(page.body)));
      expect(page.body).toMatch(reason);
      expect(page.body).toMatch(/Nothing was installed or stored/);
      expect(page.body).toContain('href="/slack/install"');
      expect(await installations()).toEqual(rows);
      // Checked before any code exchange.
      expect(side().since(before, 'oauth.v2.access')).toHaveLength(0);
      return page;
    }
    async function callbackFor(grant: FakeOAuthGrant) {
      const opened = await openInstallPage(base);
      fake.oauth.approveNext(grant);
      return { url: await authorizeAtSlack(fake, opened.authorizeUrl), cookie: opened.cookie };
    }

    it('a forged state', async () => {
      const { url } = await callbackFor(grantOf(STRAY));
      const state = url.searchParams.get('state')!;
      const [payload] = state.split('.');
      const forged = `${payload}.${crypto.createHmac('sha256', 'not-our-secret').update(payload!).digest('base64url')}`;
      url.searchParams.set('state', forged);
      await expectRefused(url, `${STATE_COOKIE}=${forged}`, /not issued by miniapp-stats/);
    });

    it('an expired state (signed by us 11 minutes ago)', async () => {
      const { url } = await callbackFor(grantOf(STRAY));
      const old = await new DatabaseStateStore({ db: appDb, secret: STATE_SECRET }).generateStateParam(
        { scopes: requiredBotScopes() },
        new Date(Date.now() - 11 * MINUTE),
      );
      url.searchParams.set('state', old);
      await expectRefused(url, `${STATE_COOKIE}=${old}`, /has expired \(it is good for 10 minutes\)/);
    });

    it('a state used already, replayed with its cookie', async () => {
      const { url, cookie } = await callbackFor(grantOf(STRAY));
      const first = await fetchPage(url.toString(), cookie);
      expect(first.status).toBe(200);
      await expectRefused(url, cookie, /already used/);
      await store.db('slack_installations').where({ team_id: STRAY.id }).delete();
    });

    it('a state without its cookie (another browser), or without a state or code', async () => {
      const { url } = await callbackFor(grantOf(STRAY));
      await expectRefused(url, undefined, /started in another browser/);
      const noState = new URL(url);
      noState.searchParams.delete('state');
      await expectRefused(noState, undefined, /without its code or state/);
      await expectRefused(`${base}/slack/oauth_redirect`, undefined, /without its code or state/);
    });

    it('the installer cancelling in Slack (error=access_denied)', async () => {
      const opened = await openInstallPage(base);
      fake.oauth.approveNext('deny');
      const url = await authorizeAtSlack(fake, opened.authorizeUrl);
      expect(url.searchParams.get('error')).toBe('access_denied');
      await expectRefused(url, opened.cookie, /cancelled in Slack/);
    });
  });

  it('replaces the stored tokens on a reinstall, and uses the new ones', async () => {
    const { mark, slash, posted } = side();
    const old = await installationOf(ACME.id);
    const [oldToken] = fake.oauth.tokensByTeam(ACME.id);
    const again = await installThroughBrowser(base, fake, grantOf(ACME));
    expect(again.status).toBe(200);
    const now = await installationOf(ACME.id);
    expect(now.id).toBe(old.id);
    expect(Number(now.token_version)).toBeGreaterThan(Number(old.token_version));
    expect(now.bot_token_sealed).not.toBe(old.bot_token_sealed);
    expect((await installations()).filter((r) => r.team_id === ACME.id)).toHaveLength(1);
    const before = mark();
    await slash('apps', { user: 'U0ADMIN', team: ACME.id, channel: ACME_CHANNEL });
    const post = await posted(before, ACME_CHANNEL);
    expect(post.token).not.toBe(oldToken);
    expect(fake.oauth.tokensByTeam(ACME.id).at(-1)).toBe(post.token);
  });

  it('refreshes an expiring token before a command uses it (and never uses the old one again)', async () => {
    const { mark, since, slash, posted } = side();
    await installThroughBrowser(base, fake, grantOf(ACME, { expiresIn: ROTATING }));
    const row = await installationOf(ACME.id);
    expect(row.bot_refresh_token_sealed).not.toBeNull();
    const expiring = fake.oauth.tokensByTeam(ACME.id).at(-1)!;
    expect(expiring).toMatch(/^xoxe\.xoxb-/);
    const before = mark();
    await slash('merchants', { user: 'U0ADMIN', team: ACME.id, channel: ACME_CHANNEL });
    const post = await posted(before, ACME_CHANNEL);
    const refreshes = since(before, 'oauth.v2.access');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.args.grant_type).toBe('refresh_token');
    expect(refreshes[0]!.seq).toBeLessThan(post.seq);
    expect(post.token).not.toBe(expiring);
    expect(since(before).filter((c) => c.token === expiring)).toHaveLength(0);
    expect(Number((await installationOf(ACME.id)).bot_token_expires_at_ms)).toBeGreaterThan(Date.now() + 11 * 60 * MINUTE);
  });

  it('refreshes an expiring token before a digest posts with it', async () => {
    const { mark, since } = side();
    await installThroughBrowser(base, fake, grantOf(ACME, { expiresIn: ROTATING }));
    const expiring = fake.oauth.tokensByTeam(ACME.id).at(-1)!;
    const digest = await addDigest('acme', ACME_CHANNEL, 'U0ADMIN');
    const before = mark();
    await runDigestTick(digestDeps(), new Date(NINE_SGT + 10_000));
    expect(await runsOf(digest)).toMatchObject([{ status: 'posted' }]);
    const refreshes = since(before, 'oauth.v2.access');
    const posts = since(before, 'chat.postMessage');
    expect(refreshes).toHaveLength(1);
    expect(posts).toHaveLength(1);
    expect(refreshes[0]!.seq).toBeLessThan(posts[0]!.seq);
    expect(posts[0]!.token).toBe(fake.oauth.tokensByTeam(ACME.id).at(-1));
    expect(since(before).filter((c) => c.token === expiring)).toHaveLength(0);
  });

  it('refreshes once when two replicas on one database need the same expiring token at once', async () => {
    const { mark, since, slash, posted } = side();
    await installThroughBrowser(base, fake, grantOf(ACME, { expiresIn: ROTATING }));
    const pool = openDatabase(store.url);
    extraPools.push(pool);
    const { running: replica, base: replicaBase } = await startDistributedApp(pool, fake, logs.logger);
    extraApps.push(replica);
    fake.oauth.delayMs = 300;
    try {
      const before = mark();
      await Promise.all([
        slash('apps', { user: 'U0ADMIN', team: ACME.id, channel: ACME_CHANNEL }),
        slash('merchants', { user: 'U0ADMIN', team: ACME.id, channel: ACME_CHANNEL, base: replicaBase }),
      ]);
      const first = await posted(before, ACME_CHANNEL);
      const second = await posted(first.seq, ACME_CHANNEL);
      expect(since(before, 'oauth.v2.access')).toHaveLength(1);
      expect(second.token).toBe(first.token);
      expect(first.token).toBe(fake.oauth.tokensByTeam(ACME.id).at(-1));
    } finally {
      fake.oauth.delayMs = 0;
    }
  });

  describe('app_uninstalled and tokens_revoked', () => {
    const uninstalled = (team: string) => eventCallbackBody({ teamId: team, event: { type: 'app_uninstalled' } });
    const revoked = (team: string) => eventCallbackBody({ teamId: team, event: { type: 'tokens_revoked', tokens: { oauth: [], bot: ['U0FAKEBOT1'] } } });

    it.each([
      ['app_uninstalled then tokens_revoked', [uninstalled, revoked]],
      ['tokens_revoked then app_uninstalled', [revoked, uninstalled]],
      ['app_uninstalled twice', [uninstalled, uninstalled]],
    ])('%s: the tokens are deleted at once, its digests pause with no call made, and a reinstall resumes them', async (_name, events) => {
      const { mark, since, slash, privateReply, posted, event } = side();
      await installThroughBrowser(base, fake, grantOf(ACME));
      const token = fake.oauth.tokensByTeam(ACME.id).at(-1)!;
      const digest = await addDigest('acme', ACME_CHANNEL, 'U0ADMIN');
      fake.oauth.revokeInstallation({ teamId: ACME.id });
      const before = mark();
      for (const body of events) {
        const answer = await event(body(ACME.id));
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(answer.body)));
        // Acknowledged first, worked right after.
        await expect.poll(async () => (await installationOf(ACME.id)).status, { timeout: 5000 }).toBe('revoked');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const row = await installationOf(ACME.id);
      expect(row).toMatchObject({ bot_token_sealed: null, bot_refresh_token_sealed: null, bot_token_expires_at_ms: null });
      expect(row.status_reason).toBe(events[0] === uninstalled ? 'app_uninstalled' : 'tokens_revoked');
      expect((await installations()).find((r) => r.team_id === GLOBEX.id)).toMatchObject({ status: 'active' });

      await runDigestTick(digestDeps(), new Date(NINE_SGT + 10_000));
      const [paused] = await runsOf(digest);
      expect(paused).toMatchObject({ status: 'paused', local_day: '2026-10-16' });
      expect(paused?.last_error).toMatch(/uninstalled from Slack workspace T0ACME or its tokens were revoked \((app_uninstalled|tokens_revoked)\)/);
      expect(since(before).filter((c) => c.kind === 'api')).toEqual([]);
      expect(since(before).filter((c) => c.token === token)).toEqual([]);

      const reinstalled = await installThroughBrowser(base, fake, grantOf(ACME));
      expect(reinstalled.status).toBe(200);
      const listed = await slash('digest list', { user: 'U0ADMIN', team: ACME.id, channel: ACME_CHANNEL });
      expect(await privateReply(listed)).toMatch(
        new RegExp(
          `#${digest} <#${ACME_CHANNEL}> every day at 09:00 Asia/Singapore: \`app wallet 7d\` · last: paused on 2026-10-16 \\(miniapp-stats was uninstalled`,
        ),
      );
      const resumed = mark();
      await runDigestTick(digestDeps(), new Date(NINE_SGT + DAY + 10_000));
      const post = await posted(resumed, ACME_CHANNEL);
      expect(post.token).toBe(fake.oauth.tokensByTeam(ACME.id).at(-1));
      expect((await runsOf(digest)).map((r) => r.status)).toEqual(['paused', 'posted']);
    });

    it('leaves the installation alone when tokens_revoked names user tokens only', async () => {
      const { event } = side();
      await event(eventCallbackBody({ teamId: GLOBEX.id, event: { type: 'tokens_revoked', tokens: { oauth: ['U0GLOBEX'], bot: [] } } }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await installationOf(GLOBEX.id)).toMatchObject({ status: 'active' });
    });

    it('refuses an unsigned event', async () => {
      const response = await postToApp(`${base}/slack/events`, uninstalled(GLOBEX.id), {
        signingSecret: 'not-the-signing-secret0',
        contentType: 'application/json',
      });
      expect(response.status).toBe(401);
      expect(await installationOf(GLOBEX.id)).toMatchObject({ status: 'active' });
    });
  });

  it('answers url_verification with its challenge', async () => {
    const response = await side().event(urlVerificationBody('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(response.body)));
  });

  it('tells every command of a Slack team that no tenant names that it is linked to no workspace, and nothing else', async () => {
    const { mark, since, slash, privateReply } = side();
    const installed = await installThroughBrowser(base, fake, grantOf(STRAY));
    expect(installed.status).toBe(200);
    expect(installed.body).toMatch(/no analytics workspace is linked to Stray Slack \(<code>T0STRAY<\/code>\)/);
    expect(installed.body).toMatch(/set <code>slack_team_id<\/code>/);
    for (const text of ['app wallet 7d', 'help', 'digest list']) {
      const before = mark();
      const reply = await privateReply(await slash(text, { user: 'U0STRAY', team: STRAY.id, channel: STRAY_CHANNEL }));
      expect(reply).toMatch(
        /^This Slack workspace \(T0STRAY\) is not linked to an analytics workspace\. An operator links it through slack_team_id in workspaces\.csv\.$/,
      );
      expect(since(before).filter((c) => c.kind === 'api')).toEqual([]);
    }
  });

  it('marks an installation whose refresh token Slack rejects as needing a reinstall: its commands say so, its digests pause', async () => {
    const { mark, since, slash, privateReply } = side();
    await installThroughBrowser(base, fake, grantOf(GLOBEX, { expiresIn: ROTATING }));
    // Slack no longer honours the refresh token (revoked behind the app's back).
    fake.oauth.revokeInstallation({ teamId: GLOBEX.id });
    const before = mark();
    const reply = await privateReply(await slash('apps', { user: 'U0GLOBEX', team: GLOBEX.id, channel: GLOBEX_CHANNEL }));
    expect(reply).toMatch(
      /^Slack no longer accepts the credentials of miniapp-stats in this Slack workspace, so `apps` was not answered\. A Slack administrator reinstalls the app/,
    );
    expect(await installationOf(GLOBEX.id)).toMatchObject({ status: 'needs_reinstall', status_reason: 'invalid_refresh_token', bot_token_sealed: null });
    expect(
      since(before)
        .filter((c) => c.kind === 'api')
        .map((c) => c.method),
    ).toEqual(['oauth.v2.access']);
    const digest = await addDigest('globex', GLOBEX_CHANNEL, 'U0GLOBEX');
    // 09:00 in New York.
    await runDigestTick(digestDeps(), new Date(Date.parse('2026-10-16T13:00:00Z') + 10_000));
    expect(await runsOf(digest)).toMatchObject([
      { status: 'paused', last_error: expect.stringMatching(/Slack refused to renew the token .* \(invalid_refresh_token\)/) },
    ]);
    expect(since(before).filter((c) => c.kind === 'api')).toHaveLength(1);
    await installThroughBrowser(base, fake, grantOf(GLOBEX));
  });

  it('keeps no token readable in the database, and none in the logs', async () => {
    const issued = fake.oauth.issuedTokens();
    expect(issued.length).toBeGreaterThan(10);
    expect(issued.some((t) => t.startsWith('xoxe-1-'))).toBe(true);
    const dump = dumpDatabase(store);
    expect(dump).toContain('slack_installations');
    const logText = logs.lines.join('');
    expect(logText.length).toBeGreaterThan(0);
    for (const secret of [...issued, fake.oauth.clientSecret, STATE_SECRET, TOKEN_KEY]) {
      expect(dump).not.toContain(secret);
      expect(logText).not.toContain(secret);
    }
  });

  it('serves the installed teams after a restart (another process on the same database)', async () => {
    const { mark, slash, posted, teamOf } = side();
    await running.stop();
    const pool = openDatabase(store.url);
    extraPools.push(pool);
    ({ running, base } = await startDistributedApp(pool, fake, logs.logger, 'https://stats.example.test/slack/oauth_redirect'));
    fake.oauth.redirectUrl = 'https://stats.example.test/slack/oauth_redirect';
    const before = mark();
    await slash('apps', { user: 'U0GLOBEX', team: GLOBEX.id, channel: GLOBEX_CHANNEL });
    expect(teamOf((await posted(before, GLOBEX_CHANNEL)).token)).toBe(GLOBEX.id);
    // With SLACK_REDIRECT_URI set, the link and the code exchange carry it.
    const opened = await openInstallPage(base);
    expect(opened.authorizeUrl.searchParams.get('redirect_uri')).toBe('https://stats.example.test/slack/oauth_redirect');
    fake.oauth.approveNext(grantOf(ACME));
    const callback = await authorizeAtSlack(fake, opened.authorizeUrl);
    expect(callback.origin).toBe('https://stats.example.test');
    const page = await fetchPage(`${base}${callback.pathname}${callback.search}`, opened.cookie);
    expect(page.status).toBe(200);
    expect(side().since(before, 'oauth.v2.access').at(-1)!.args.redirect_uri).toBe('https://stats.example.test/slack/oauth_redirect');
  });
});

describe.each(DATABASE_KINDS)('an Enterprise Grid org-wide installation serving two workspaces (%s)', (kind) => {
  const ENTERPRISE = { id: 'E0GRID', name: 'Grid Org' };
  let store: TestDatabase;
  let appDb: Knex;
  let fake: FakeSlackApi;
  let running: RunningSlackApp;
  let base: string;
  const logs = recordLogs();

  beforeAll(async () => {
    store = await startTestData(kind);
    appDb = openDatabase(store.url);
    fake = await startFakeSlackApi({
      tokens: [],
      users: { U0ADMIN: { email: 'ada@acme.test', team_id: ACME.id }, U0GLOBEX: { email: 'boss@globex.test', team_id: GLOBEX.id } },
      channels: {
        [ACME_CHANNEL]: { name: 'acme-stats', teamId: ACME.id, members: ['U0ADMIN'] },
        [GLOBEX_CHANNEL]: { name: 'globex-stats', teamId: GLOBEX.id, members: ['U0GLOBEX'] },
      },
    });
    ({ running, base } = await startDistributedApp(appDb, fake, logs.logger));
    fake.oauth.redirectUrl = `${base}/slack/oauth_redirect`;
    fake.oauth.addTeamToEnterprise(ACME.id, ENTERPRISE.id);
    fake.oauth.addTeamToEnterprise(GLOBEX.id, ENTERPRISE.id);
  });
  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    await appDb?.destroy();
    await store?.drop();
  });

  it('installs once for the organisation and serves both of its workspaces with its token, by the team of each request', async () => {
    const { mark, since, slash, posted, teamOf } = slackSide(fake, () => ({ base }));
    const installed = await installThroughBrowser(base, fake, { enterprise: ENTERPRISE });
    expect(installed.status).toBe(200);
    expect(installed.body).toMatch(/installed for the Enterprise Grid organisation Grid Org \(<code>E0GRID<\/code>\)/);
    expect(installed.body).toMatch(/<strong>Acme Payments<\/strong> in Team T0ACME/);
    expect(installed.body).toMatch(/<strong>Globex<\/strong> in Team T0GLOBEX/);
    expect(await store.db('slack_installations').select()).toMatchObject([
      { enterprise_id: ENTERPRISE.id, team_id: '', is_enterprise_install: expect.anything() },
    ]);

    const before = mark();
    await slash('app wallet 7d', { user: 'U0ADMIN', team: ACME.id, channel: ACME_CHANNEL, enterpriseId: ENTERPRISE.id, org: true });
    await slash('app wallet 7d', { user: 'U0GLOBEX', team: GLOBEX.id, channel: GLOBEX_CHANNEL, enterpriseId: ENTERPRISE.id, org: true });
    const acmePost = await posted(before, ACME_CHANNEL);
    const globexPost = await posted(before, GLOBEX_CHANNEL);
    expect(acmePost.args.blocks).toContain('Acme Wallet (wallet)');
    expect(globexPost.args.blocks).toContain('Globex Wallet (wallet)');
    expect(teamOf(acmePost.token)).toBe(`org:${ENTERPRISE.id}`);
    expect(globexPost.token).toBe(acmePost.token);
    for (const call of since(before).filter((c: RecordedCall) => c.kind === 'api')) expect(call.response).toMatchObject({ ok: true });

    // Background work for a workspace of the organisation uses the org-wide token too.
    await store.db('digests').insert({
      workspace_id: 'globex',
      channel_id: GLOBEX_CHANNEL,
      cadence: 'daily',
      weekday: null,
      time_of_day: '09:00',
      content: 'overview',
      created_by: 'U0GLOBEX',
      created_at_ms: NINE_SGT - 30 * DAY,
    });
    const ticked = mark();
    await runDigestTick(
      { db: appDb, slack: running.slackClients, logger: logs.logger, replica: 'test', leaseMs: 5 * MINUTE, graceMs: 2 * MINUTE },
      new Date(Date.parse('2026-10-16T13:00:00Z') + 10_000),
    );
    const digestPost = await posted(ticked, GLOBEX_CHANNEL);
    expect(digestPost.token).toBe(acmePost.token);
    expect(digestPost.args.team_id).toBe(GLOBEX.id);
  });

  it('deletes the org-wide tokens on its app_uninstalled, and pauses the workspaces it served', async () => {
    const { event } = slackSide(fake, () => ({ base }));
    const response = await event(
      eventCallbackBody({ teamId: ACME.id, enterpriseId: ENTERPRISE.id, isEnterpriseInstall: true, event: { type: 'app_uninstalled' } }),
    );
    expect(response.status).toBe(200);
    await expect.poll(async () => (await store.db('slack_installations').first())?.status, { timeout: 5000 }).toBe('revoked');
    expect(await running.slackClients.forTeam(GLOBEX.id)).toMatchObject({ paused: { reason: 'revoked', code: 'app_uninstalled' } });
  });
});
