import { LogLevel, type WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from './fake-slack-api.ts';

const quiet = { logLevel: LogLevel.ERROR, retryConfig: { retries: 0 } };

let fake: FakeSlackApi;
let anonymous: WebClient;
const client = (token: string) => new WebClient(token, { slackApiUrl: fake.url, ...quiet });

beforeAll(async () => {
  fake = await startFakeSlackApi({
    users: {
      U0ACME001: { team_id: 'T0ACME' },
      U0GLOBEX1: { team_id: 'T0GLOBEX' },
      U0INITECH: { team_id: 'T0INITECH' },
    },
    channels: {
      C0ACME001: { teamId: 'T0ACME' },
      C0GLOBEX1: { teamId: 'T0GLOBEX' },
      C0INITECH: { teamId: 'T0INITECH' },
      C0DEFAULT: {},
    },
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  anonymous = new WebClient(undefined, { slackApiUrl: fake.url, ...quiet });
});

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return (e as WebAPIPlatformError).data.error;
  }
  throw new Error('expected the call to fail');
};

const exchange = (code: string, extra: Record<string, string> = {}) =>
  anonymous.oauth.v2.access({ client_id: fake.oauth.clientId, client_secret: fake.oauth.clientSecret, code, ...extra });
const refresh = (refreshToken: string) =>
  anonymous.oauth.v2.access({
    client_id: fake.oauth.clientId,
    client_secret: fake.oauth.clientSecret,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });

describe('fake Slack: oauth.v2.access and per-team tokens', () => {
  it('exchanges a registered code once for a workspace installation with a non-expiring bot token', async () => {
    fake.oauth.registerCode('code-acme', { team: { id: 'T0ACME', name: 'Acme' }, botUserId: 'U0BOTACME', botId: 'B0BOTACME', installerUserId: 'U0ACME001' });
    const response = await exchange('code-acme');
    expect(response).toMatchObject({
      ok: true,
      token_type: 'bot',
      bot_user_id: 'U0BOTACME',
      team: { id: 'T0ACME', name: 'Acme' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'U0ACME001' },
      app_id: 'A0FAKEAPP1',
      scope: 'commands,chat:write',
    });
    expect(response.access_token).toMatch(/^xoxb-/);
    expect(response.refresh_token).toBeUndefined();
    expect(await errorOf(exchange('code-acme'))).toBe('invalid_code');
    expect(await errorOf(exchange('never-registered'))).toBe('invalid_code');
    expect(await client(response.access_token!).auth.test()).toMatchObject({
      team_id: 'T0ACME',
      user_id: 'U0BOTACME',
      bot_id: 'B0BOTACME',
      is_enterprise_install: false,
    });
    expect(fake.oauth.tokensByTeam('T0ACME')).toEqual([response.access_token]);
    expect(fake.oauth.tokensByTeam('T0GLOBEX')).toEqual([]);
  });

  it('checks the client credentials (form fields or HTTP Basic), the grant type and a registered redirect URI', async () => {
    fake.oauth.registerCode('code', { team: { id: 'T0ACME' }, redirectUri: 'https://stats.example/slack/oauth_redirect' });
    expect(await errorOf(anonymous.oauth.v2.access({ client_id: 'nope', client_secret: fake.oauth.clientSecret, code: 'code' }))).toBe('invalid_client_id');
    expect(await errorOf(anonymous.oauth.v2.access({ client_id: fake.oauth.clientId, client_secret: 'nope', code: 'code' }))).toBe('bad_client_secret');
    expect(
      await errorOf(anonymous.apiCall('oauth.v2.access', { client_id: fake.oauth.clientId, client_secret: fake.oauth.clientSecret, grant_type: 'password' })),
    ).toBe('invalid_grant_type');
    expect(await errorOf(exchange('code', { redirect_uri: 'https://elsewhere.example/' }))).toBe('bad_redirect_uri');
    const basic = Buffer.from(`${fake.oauth.clientId}:${fake.oauth.clientSecret}`).toString('base64');
    const viaBasic = new WebClient(undefined, { slackApiUrl: fake.url, headers: { Authorization: `Basic ${basic}` }, ...quiet });
    const response = await viaBasic.apiCall('oauth.v2.access', { code: 'code', redirect_uri: 'https://stats.example/slack/oauth_redirect' });
    expect(response).toMatchObject({ ok: true, team: { id: 'T0ACME' } });
  });

  it('rotates: an expiring xoxe.xoxb token with a refresh token; a refresh spends the refresh token and retires the old access token at once', async () => {
    fake.oauth.registerCode('code', { team: { id: 'T0ACME' }, expiresIn: 43_200 });
    const first = await exchange('code');
    expect(first).toMatchObject({ expires_in: 43_200, token_type: 'bot' });
    expect(first.access_token).toMatch(/^xoxe\.xoxb-/);
    expect(first.refresh_token).toMatch(/^xoxe-1-/);
    expect(await client(first.access_token!).auth.test()).toMatchObject({ team_id: 'T0ACME', expires_in: expect.any(Number) });

    const second = await refresh(first.refresh_token!);
    expect(second).toMatchObject({ ok: true, token_type: 'bot', team: { id: 'T0ACME' }, expires_in: 43_200 });
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await errorOf(client(first.access_token!).auth.test())).toBe('token_revoked');
    expect(await client(second.access_token!).auth.test()).toMatchObject({ team_id: 'T0ACME' });
    expect(await errorOf(refresh(first.refresh_token!))).toBe('invalid_refresh_token');
    expect(await errorOf(refresh('xoxe-1-never-issued'))).toBe('invalid_refresh_token');
    expect(fake.oauth.refreshCalls()).toHaveLength(3);
    expect(fake.oauth.tokensByTeam('T0ACME')).toEqual([second.access_token]);
  });

  it('refuses an expired token, and every token of a revoked installation', async () => {
    const acme = fake.oauth.issue({ team: { id: 'T0ACME' }, expiresIn: 3600 });
    fake.oauth.expireToken(acme.accessToken);
    expect(await errorOf(client(acme.accessToken).auth.test())).toBe('token_expired');
    const globex = fake.oauth.issue({ team: { id: 'T0GLOBEX' }, expiresIn: 3600 });
    fake.oauth.revokeInstallation({ teamId: 'T0GLOBEX' });
    expect(await errorOf(client(globex.accessToken).auth.test())).toBe('token_revoked');
    expect(await errorOf(refresh(globex.refreshToken!))).toBe('invalid_refresh_token');
    // The refresh token of a merely expired token still works.
    expect(await refresh(acme.refreshToken!)).toMatchObject({ ok: true });
  });

  it("refuses a team's token for another team's channel or user, and lets it act on its own", async () => {
    const acme = client(fake.oauth.issue({ team: { id: 'T0ACME' } }).accessToken);
    expect(await acme.chat.postMessage({ channel: 'C0ACME001', text: 'hi' })).toMatchObject({ ok: true });
    expect(await acme.users.info({ user: 'U0ACME001' })).toMatchObject({ ok: true });
    expect(await acme.conversations.open({ users: 'U0ACME001' })).toMatchObject({ ok: true });
    expect(await errorOf(acme.chat.postMessage({ channel: 'C0GLOBEX1', text: 'hi' }))).toBe('channel_not_found');
    expect(await errorOf(acme.chat.postMessage({ channel: 'C0DEFAULT', text: 'hi' }))).toBe('channel_not_found');
    expect(await errorOf(acme.users.info({ user: 'U0GLOBEX1' }))).toBe('user_not_found');
    expect(await errorOf(acme.conversations.open({ users: 'U0GLOBEX1' }))).toBe('channel_not_found');
    expect(await errorOf(acme.chat.postEphemeral({ channel: 'C0ACME001', user: 'U0GLOBEX1', text: 'hi' }))).toBe('user_not_found');
    expect(fake.messages.map((m) => m.channel)).toEqual(['C0ACME001']);
  });

  it('an org-wide installation serves every workspace of its organisation, and no other', async () => {
    fake.oauth.addTeamToEnterprise('T0GLOBEX', 'E0GRID');
    fake.oauth.registerCode('org', { enterprise: { id: 'E0GRID', name: 'Grid Org' }, expiresIn: 43_200, botUserId: 'U0ORGBOT' });
    fake.oauth.registerCode('member', { team: { id: 'T0ACME' }, enterprise: { id: 'E0GRID' } });
    const org = await exchange('org');
    expect(org).toMatchObject({ team: null, enterprise: { id: 'E0GRID', name: 'Grid Org' }, is_enterprise_install: true });
    const member = await exchange('member');
    expect(member).toMatchObject({ team: { id: 'T0ACME' }, enterprise: { id: 'E0GRID' }, is_enterprise_install: false });
    expect(await client(org.access_token!).auth.test()).toMatchObject({
      team_id: 'E0GRID',
      enterprise_id: 'E0GRID',
      is_enterprise_install: true,
      user_id: 'U0ORGBOT',
    });
    const orgClient = client(org.access_token!);
    expect(await orgClient.chat.postMessage({ channel: 'C0GLOBEX1', text: 'hi' })).toMatchObject({ ok: true });
    expect(await orgClient.chat.postMessage({ channel: 'C0ACME001', text: 'hi' })).toMatchObject({ ok: true });
    expect(await errorOf(orgClient.chat.postMessage({ channel: 'C0INITECH', text: 'hi' }))).toBe('channel_not_found');
    expect(new Set(fake.oauth.tokensByTeam('T0ACME'))).toEqual(new Set([org.access_token, member.access_token]));
    expect(fake.oauth.tokensByTeam('T0INITECH')).toEqual([]);
    expect(fake.oauth.tokenInfo(org.access_token!)).toMatchObject({ teamId: undefined, enterpriseId: 'E0GRID', isEnterpriseInstall: true, revoked: false });
  });

  it('keeps the tokens given at start as they were, and reset() forgets codes and issued tokens', async () => {
    const legacy = client('xoxb-fake-token');
    expect(await legacy.auth.test()).toMatchObject({ team_id: 'T0FAKE0001', user_id: 'U0FAKEBOT1' });
    expect(await legacy.chat.postMessage({ channel: 'C0GLOBEX1', text: 'hi' })).toMatchObject({ ok: true });
    const issued = fake.oauth.issue({ team: { id: 'T0ACME' } });
    fake.oauth.registerCode('code', { team: { id: 'T0ACME' } });
    fake.oauth.delayMs = 50;
    fake.reset();
    expect(fake.oauth.delayMs).toBe(0);
    expect(await errorOf(client(issued.accessToken).auth.test())).toBe('invalid_auth');
    expect(await errorOf(exchange('code'))).toBe('invalid_code');
  });
});
