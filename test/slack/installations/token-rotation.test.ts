import crypto from 'node:crypto';
import { LogLevel, WebClient } from '@slack/web-api';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.ts';
import { SlackInstallations } from '../../../src/slack/installations/slack-installations.ts';
import { TokenCipher } from '../../../src/slack/installations/token-cipher.ts';
import type { TokenRotationOptions } from '../../../src/slack/installations/token-rotation.ts';
import { type FakeOAuthGrant, type FakeSlackApi, startFakeSlackApi } from '../../support/slack/fake-slack-api.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database.ts';
import { problemOf, recordingLogger, workspaceInstallation } from './installation-fixtures.ts';

type RotationTuning = Omit<TokenRotationOptions, 'db' | 'cipher' | 'refresh' | 'logger'>;

describe.each(DATABASE_KINDS)('token rotation on %s', (kind) => {
  let fake: FakeSlackApi;
  let store: TestDatabase;
  let cipher: TokenCipher;
  let logger: ReturnType<typeof recordingLogger>;
  const pools: Knex[] = [];

  beforeAll(async () => {
    fake = await startFakeSlackApi({ users: { U0ACME001: { team_id: 'T0ACME' } }, channels: { C0ACME001: { teamId: 'T0ACME' } } });
    store = await createTestDatabase(kind);
    cipher = new TokenCipher(crypto.randomBytes(32));
  });
  afterAll(async () => {
    for (const pool of pools) await pool.destroy();
    await store?.drop();
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    await store.db('slack_installations').delete();
    logger = recordingLogger();
  });

  /** A replica's view of the installations: its own rotation (and, with `ownPool`, its own knex pool on the same database). */
  function replica(name: string, tuning: RotationTuning = {}, ownPool = false): SlackInstallations {
    let db = store.db;
    if (ownPool) {
      db = openDatabase(store.url);
      pools.push(db);
    }
    return SlackInstallations.create({
      db,
      cipher,
      clientId: fake.oauth.clientId,
      clientSecret: fake.oauth.clientSecret,
      slackApiUrl: fake.url,
      logger,
      rotation: { replica: name, backoffMs: 10, pollMs: 20, ...tuning },
    });
  }

  /** Installs a workspace the way InstallProvider does: a code exchanged at the stand-in, the result stored. */
  async function install(installations: SlackInstallations, grant: FakeOAuthGrant & { team: { id: string } }): Promise<string> {
    fake.oauth.registerCode(`code-${grant.team.id}`, grant);
    const client = new WebClient(undefined, { slackApiUrl: fake.url, logLevel: LogLevel.ERROR });
    const response = await client.oauth.v2.access({ client_id: fake.oauth.clientId, client_secret: fake.oauth.clientSecret, code: `code-${grant.team.id}` });
    await installations.storeInstallation(
      workspaceInstallation({
        teamId: grant.team.id,
        token: response.access_token!,
        ...(response.refresh_token ? { refreshToken: response.refresh_token, expiresIn: response.expires_in! } : {}),
      }),
    );
    return response.access_token!;
  }

  const works = async (token: string) => (await new WebClient(token, { slackApiUrl: fake.url, logLevel: LogLevel.ERROR }).auth.test()).team_id;

  it('refreshes a token that expires within 5 minutes before it is used, once', async () => {
    const installations = replica('a');
    const original = await install(installations, { team: { id: 'T0ACME' }, expiresIn: 240 });
    const { botToken, expiresAtMs } = await installations.tokenForTeam('T0ACME');
    expect(botToken).not.toBe(original);
    expect(botToken).toMatch(/^xoxe\.xoxb-/);
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
    expect(fake.oauth.refreshCalls()[0]!.args).toMatchObject({ grant_type: 'refresh_token', client_id: fake.oauth.clientId });
    expect(expiresAtMs).toBeGreaterThan(Date.now() + 43_000_000);
    expect(fake.oauth.tokensByTeam('T0ACME')).toEqual([botToken]);
    expect(await works(botToken)).toBe('T0ACME');
    // Fresh now: no second refresh, by this replica or another one.
    expect((await installations.tokenForTeam('T0ACME')).botToken).toBe(botToken);
    expect((await replica('b').tokenForTeam('T0ACME')).botToken).toBe(botToken);
    // Bolt's path (fetchInstallation) sees the refreshed token too.
    expect((await installations.fetchInstallation({ teamId: 'T0ACME', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe(botToken);
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
  });

  it('does not refresh earlier than 5 minutes before expiry, nor a token that does not expire', async () => {
    const installations = replica('a');
    const rotating = await install(installations, { team: { id: 'T0ACME' }, expiresIn: 6 * 60 });
    const plain = await install(installations, { team: { id: 'T0PLAIN' } });
    expect((await installations.tokenForTeam('T0ACME')).botToken).toBe(rotating);
    expect((await installations.tokenForTeam('T0PLAIN')).botToken).toBe(plain);
    expect(fake.oauth.refreshCalls()).toHaveLength(0);

    // The same installation seen one minute and one second later: now within the window.
    let clock = Date.now() + 61_000;
    const later = replica('later', { now: () => clock });
    expect((await later.tokenForTeam('T0ACME')).botToken).not.toBe(rotating);
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
    clock += 1000;
    await later.tokenForTeam('T0ACME');
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
  });

  it('makes one refresh for many callers of one replica at once', async () => {
    const installations = replica('a');
    await install(installations, { team: { id: 'T0ACME' }, expiresIn: 60 });
    fake.oauth.delayMs = 100;
    const tokens = await Promise.all(Array.from({ length: 8 }, () => installations.tokenForTeam('T0ACME')));
    expect(new Set(tokens.map((t) => t.botToken)).size).toBe(1);
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
  });

  it('two replicas (two pools on one database) racing: exactly one refresh, both use its token', async () => {
    const a = replica('replica-a', {}, true);
    const b = replica('replica-b', {}, true);
    await install(a, { team: { id: 'T0ACME' }, expiresIn: 120 });
    fake.oauth.delayMs = 300;
    const [fromA, fromB] = await Promise.all([a.tokenForTeam('T0ACME'), b.tokenForTeam('T0ACME')]);
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
    expect(fromA.botToken).toBe(fromB.botToken);
    expect(fake.oauth.tokensByTeam('T0ACME')).toEqual([fromA.botToken]);
    fake.oauth.delayMs = 0;
    expect(await works(fromB.botToken)).toBe('T0ACME');
    const [row] = await store.db('slack_installations').select('refresh_claimed_by', 'refresh_lease_until_ms', 'token_version');
    expect(row).toMatchObject({ refresh_claimed_by: null, refresh_lease_until_ms: null });
    expect(logger.lines.some((line) => line.includes('using the bot token another replica refreshed'))).toBe(true);
  });

  it('takes over a refresh claimed by a replica that died, once its lease has run out', async () => {
    const installations = replica('a', { leaseMs: 1000, waitMs: 5000 });
    await install(installations, { team: { id: 'T0ACME' }, expiresIn: 120 });
    await store.db('slack_installations').update({ refresh_claimed_by: 'ghost', refresh_lease_until_ms: Date.now() + 300 });
    const started = Date.now();
    const { botToken } = await installations.tokenForTeam('T0ACME');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
    expect(await works(botToken)).toBe('T0ACME');
  });

  it('retries a refresh that fails for a passing reason (HTTP 500, network, rate limit) with backoff', async () => {
    const pauses: number[] = [];
    const installations = replica('a', { sleep: async (ms) => void pauses.push(ms) });
    await install(installations, { team: { id: 'T0ACME' }, expiresIn: 120 });
    fake.failNext('oauth.v2.access', { status: 500, times: 2 });
    const { botToken } = await installations.tokenForTeam('T0ACME');
    expect(fake.callsTo('oauth.v2.access').filter((c) => c.injected)).toHaveLength(2);
    expect(pauses).toEqual([10, 20]);
    expect(await works(botToken)).toBe('T0ACME');

    await install(installations, { team: { id: 'T0RATE' }, expiresIn: 120 });
    fake.failNext('oauth.v2.access', { retryAfterSeconds: 2 });
    pauses.length = 0;
    expect(await works((await installations.tokenForTeam('T0RATE')).botToken)).toBe('T0RATE');
    expect(pauses).toEqual([2000]);
    expect(logger.lines.filter((line) => line.includes('token refresh failed; retrying'))).toHaveLength(3);
  });

  it('when every attempt fails: the token is used while it has not expired, and refused once it has', async () => {
    const installations = replica('a', { attempts: 2, sleep: async () => undefined });
    const original = await install(installations, { team: { id: 'T0ACME' }, expiresIn: 120 });
    fake.failNext('oauth.v2.access', { status: 503, times: 2 });
    expect((await installations.tokenForTeam('T0ACME')).botToken).toBe(original);
    expect(logger.lines.some((line) => line.includes('could not refresh the bot token; using it until it expires'))).toBe(true);
    const [row] = await store.db('slack_installations').select('status', 'refresh_claimed_by');
    expect(row).toMatchObject({ status: 'active', refresh_claimed_by: null });

    const expired = replica('b', { attempts: 2, sleep: async () => undefined, now: () => Date.now() + 130_000 });
    fake.failNext('oauth.v2.access', { status: 503, times: 2 });
    const failed = await problemOf(expired.tokenForTeam('T0ACME'));
    expect(failed.problem).toBe('refresh_failed');
    expect(failed.message).toContain('T0ACME');
    expect(await expired.stateOfTeam('T0ACME')).toMatchObject({ status: 'active' });
  });

  it('marks the installation needs_reinstall when Slack rejects the refresh token, and calls Slack no more for it', async () => {
    const installations = replica('a');
    await install(installations, { team: { id: 'T0ACME' }, expiresIn: 120 });
    fake.oauth.revokeInstallation({ teamId: 'T0ACME' });
    const rejected = await problemOf(installations.tokenForTeam('T0ACME'));
    expect(rejected.problem).toBe('needs_reinstall');
    expect(rejected.message).toContain('invalid_refresh_token');
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
    const [row] = await store.db('slack_installations').select('*');
    expect(row).toMatchObject({ status: 'needs_reinstall', status_reason: 'invalid_refresh_token', bot_token_sealed: null, bot_refresh_token_sealed: null });
    expect(await installations.stateOfTeam('T0ACME')).toMatchObject({ status: 'needs_reinstall', reason: 'invalid_refresh_token' });
    expect(await installations.isPaused('T0ACME')).toBe(true);
    expect((await problemOf(replica('b').tokenForTeam('T0ACME'))).problem).toBe('needs_reinstall');
    expect(fake.oauth.refreshCalls()).toHaveLength(1);

    // A reinstall makes it work again.
    expect(await works(await install(installations, { team: { id: 'T0ACME' }, expiresIn: 43_200 }))).toBe('T0ACME');
    expect(await installations.isPaused('T0ACME')).toBe(false);
  });

  it('does not blame the installation when Slack refuses the app credentials', async () => {
    const wrong = SlackInstallations.create({
      db: store.db,
      cipher,
      clientId: fake.oauth.clientId,
      clientSecret: 'wrongsecret0123456789',
      slackApiUrl: fake.url,
      logger,
    });
    const original = await install(wrong, { team: { id: 'T0ACME' }, expiresIn: 120 });
    expect((await wrong.tokenForTeam('T0ACME')).botToken).toBe(original);
    expect(await wrong.stateOfTeam('T0ACME')).toMatchObject({ status: 'active' });
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
    expect(logger.lines.some((line) => line.includes('Slack refused the app credentials'))).toBe(true);
  });

  it('logs no token, refresh token or client secret', async () => {
    const installations = replica('a', { sleep: async () => undefined });
    await install(installations, { team: { id: 'T0ACME' }, expiresIn: 120 });
    fake.failNext('oauth.v2.access', { status: 500 });
    await installations.tokenForTeam('T0ACME');
    fake.oauth.revokeInstallation({ teamId: 'T0ACME' });
    await store.db('slack_installations').update({ bot_token_expires_at_ms: Date.now() });
    await problemOf(installations.tokenForTeam('T0ACME'));
    const secrets = fake.calls.flatMap((c) => {
      const response = c.response as { access_token?: string; refresh_token?: string } | undefined;
      return [response?.access_token, response?.refresh_token, c.args.refresh_token as string | undefined];
    });
    const logged = logger.lines.join('\n');
    expect(logged).toContain('refreshed the bot token');
    for (const secret of [...secrets.filter(Boolean), fake.oauth.clientSecret]) expect(logged).not.toContain(secret);
  });
});
