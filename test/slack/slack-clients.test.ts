import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackInstallations } from '../../src/slack/installations/slack-installations.ts';
import { TokenCipher } from '../../src/slack/installations/token-cipher.ts';
import { SlackClient } from '../../src/slack/slack-client.ts';
import { createInstalledClients, createSingleWorkspaceClients, type WorkspaceSlack } from '../../src/slack/slack-clients.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../support/slack/fake-slack-api.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { orgInstallation, workspaceInstallation } from './installations/installation-fixtures.ts';

const ACME = { workspaceId: 'acme', slackTeamId: 'T0ACME' };
const GLOBEX = { workspaceId: 'globex', slackTeamId: 'T0GLOBEX' };

describe('the Slack clients of one workspace (SLACK_BOT_TOKEN)', () => {
  it('gives every workspace the one client, never a pause', async () => {
    const slack = SlackClient.forBackground('xoxb-the-one-token');
    const clients = createSingleWorkspaceClients(slack);
    expect(await clients.forWorkspace(ACME)).toEqual({ slack, teamId: 'T0ACME' });
    expect(await clients.forWorkspace({ workspaceId: 'bare', slackTeamId: null })).toEqual({ slack, teamId: null });
    expect(await clients.forTeam('T0ELSE')).toEqual({ slack, teamId: 'T0ELSE' });
  });
});

describe.each(DATABASE_KINDS)('the Slack clients of many workspaces, by installation, on %s', (kind) => {
  let store: TestDatabase;
  let fake: FakeSlackApi;
  const cipher = new TokenCipher(crypto.randomBytes(32));
  let installations: SlackInstallations;

  beforeAll(async () => {
    store = await createTestDatabase(kind);
    fake = await startFakeSlackApi({
      tokens: [],
      users: { U0ACME: { team_id: 'T0ACME' }, U0GLOBEX: { team_id: 'T0GLOBEX' } },
      channels: { C0ACME: { teamId: 'T0ACME' }, C0GLOBEX: { teamId: 'T0GLOBEX' } },
    });
  });
  afterAll(async () => {
    await fake?.close();
    await store?.drop();
  });
  beforeEach(async () => {
    fake.reset();
    for (const table of ['slack_installations', 'slack_team_enterprises']) await store.db(table).delete();
    installations = SlackInstallations.create({
      db: store.db,
      cipher,
      clientId: fake.oauth.clientId,
      clientSecret: fake.oauth.clientSecret,
      slackApiUrl: fake.url,
      rotation: { attempts: 1, backoffMs: 1 },
    });
  });
  const clients = () => createInstalledClients(installations, { slackApiUrl: fake.url });
  const install = async (teamId: string, expiresIn?: number) => {
    const issued = fake.oauth.issue({ team: { id: teamId }, ...(expiresIn !== undefined ? { expiresIn } : {}) });
    await installations.storeInstallation(
      workspaceInstallation({ teamId, token: issued.accessToken, ...(issued.refreshToken ? { refreshToken: issued.refreshToken, expiresIn } : {}) }),
    );
    return issued;
  };
  const clientOf = (found: WorkspaceSlack) => {
    if (found.paused) throw new Error(`paused: ${found.paused.message}`);
    return found.slack;
  };

  it("calls Slack for each workspace with its own team's token", async () => {
    const acme = await install('T0ACME');
    const globex = await install('T0GLOBEX');
    await clientOf(await clients().forWorkspace(ACME)).postMessage({ channel: 'C0ACME', text: 'hello acme' });
    await clientOf(await clients().forWorkspace(GLOBEX)).postMessage({ channel: 'C0GLOBEX', text: 'hello globex' });
    expect(fake.callsTo('chat.postMessage').map((c) => [c.args.channel, c.token, (c.response as { ok: boolean }).ok])).toEqual([
      ['C0ACME', acme.accessToken, true],
      ['C0GLOBEX', globex.accessToken, true],
    ]);
  });

  it('refreshes a token expiring within 5 minutes before handing out its client', async () => {
    const expiring = await install('T0ACME', 120);
    await clientOf(await clients().forTeam('T0ACME')).postMessage({ channel: 'C0ACME', text: 'fresh' });
    expect(fake.oauth.refreshCalls()).toHaveLength(1);
    const [post] = fake.callsTo('chat.postMessage');
    expect(post!.token).not.toBe(expiring.accessToken);
    expect(post!.response).toMatchObject({ ok: true });
  });

  it('pauses, with why, a workspace that names no Slack team or whose team has no usable installation', async () => {
    expect(await clients().forWorkspace({ workspaceId: 'bare', slackTeamId: null })).toMatchObject({
      paused: { reason: 'no_slack_team', teamId: null, message: expect.stringMatching(/workspace bare names no Slack workspace \(slack_team_id/) },
    });
    expect(await clients().forWorkspace(ACME)).toMatchObject({
      paused: { reason: 'not_installed', message: expect.stringMatching(/not installed in Slack workspace T0ACME/) },
    });
    await install('T0ACME');
    await installations.revoke({ teamId: 'T0ACME' }, 'app_uninstalled');
    expect(await clients().forWorkspace(ACME)).toMatchObject({
      paused: {
        reason: 'revoked',
        code: 'app_uninstalled',
        teamId: 'T0ACME',
        message: expect.stringMatching(/uninstalled from Slack workspace T0ACME .*\(app_uninstalled\); it runs again once the app is reinstalled/),
      },
    });
    const rotating = await install('T0GLOBEX', 120);
    fake.oauth.revokeInstallation({ teamId: 'T0GLOBEX' });
    expect(rotating.refreshToken).toBeDefined();
    expect(await clients().forWorkspace(GLOBEX)).toMatchObject({ paused: { reason: 'needs_reinstall', code: 'invalid_refresh_token' } });
    await install('T0GLOBEX');
    const otherKey = new SlackInstallations({ db: store.db, cipher: new TokenCipher(crypto.randomBytes(32)) });
    expect(await createInstalledClients(otherKey).forWorkspace(GLOBEX)).toMatchObject({
      paused: { reason: 'tokens_unreadable', message: expect.stringMatching(/cannot be read with the configured MINIAPP_STATS_TOKEN_KEY/) },
    });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('rejects, for a retry, when an expired token cannot be refreshed right now', async () => {
    await install('T0ACME', -60);
    fake.failNext('oauth.v2.access', { status: 500 });
    await expect(clients().forTeam('T0ACME')).rejects.toMatchObject({ problem: 'refresh_failed' });
  });

  it("gives a workspace of an organisation the org-wide installation's token, acting in that workspace", async () => {
    fake.oauth.addTeamToEnterprise('T0ACME', 'E0ORG');
    const org = fake.oauth.issue({ enterprise: { id: 'E0ORG' } });
    await installations.storeInstallation(orgInstallation({ enterpriseId: 'E0ORG', token: org.accessToken }));
    // Unknown until a request from the workspace (or the installation's list of workspaces) says so.
    expect(await clients().forTeam('T0ACME')).toMatchObject({ paused: { reason: 'not_installed' } });
    await installations.rememberTeamEnterprise('T0ACME', 'E0ORG');
    await clientOf(await clients().forWorkspace(ACME)).postMessage({ channel: 'C0ACME', text: 'hello' });
    const [post] = fake.callsTo('chat.postMessage');
    expect(post).toMatchObject({ token: org.accessToken, args: { channel: 'C0ACME', team_id: 'T0ACME' }, response: { ok: true } });
  });
});
