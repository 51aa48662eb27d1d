import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackInstallations } from '../../../src/slack/installations/slack-installations.ts';
import { TokenCipher } from '../../../src/slack/installations/token-cipher.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database.ts';
import { dumpDatabase, orgInstallation, problemOf, recordingLogger, workspaceInstallation } from './installation-fixtures.ts';

const token = (kind: 'bot' | 'refresh') => (kind === 'bot' ? 'xoxe.xoxb-1-' : 'xoxe-1-') + crypto.randomBytes(24).toString('base64url');

describe.each(DATABASE_KINDS)('Slack installations on %s', (kind) => {
  let store: TestDatabase;
  let cipher: TokenCipher;
  let logger: ReturnType<typeof recordingLogger>;
  let installations: SlackInstallations;
  const issued: string[] = [];
  const mint = (kind: 'bot' | 'refresh') => {
    const value = token(kind);
    issued.push(value);
    return value;
  };

  beforeAll(async () => {
    store = await createTestDatabase(kind);
    cipher = new TokenCipher(crypto.randomBytes(32));
  });
  afterAll(async () => store?.drop());
  beforeEach(async () => {
    for (const table of ['slack_installations', 'slack_team_enterprises']) await store.db(table).delete();
    logger = recordingLogger();
    installations = new SlackInstallations({ db: store.db, cipher, logger });
  });

  it('stores a workspace installation and fetches it for Bolt, with its bot token and no refresh token', async () => {
    const bot = mint('bot');
    await installations.storeInstallation(workspaceInstallation({ teamId: 'T0ACME', token: bot, refreshToken: mint('refresh'), expiresIn: 43_200 }));
    const fetched = await installations.fetchInstallation({ teamId: 'T0ACME', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(fetched).toMatchObject({
      team: { id: 'T0ACME', name: 'Team T0ACME' },
      enterprise: undefined,
      user: { id: 'U0INSTALLR' },
      bot: { token: bot, id: 'B0ACME', userId: 'U0ACMEBOT', scopes: ['commands', 'chat:write'] },
      appId: 'A0FAKEAPP1',
      isEnterpriseInstall: false,
      authVersion: 'v2',
    });
    expect(fetched.bot?.refreshToken).toBeUndefined();
    expect(fetched.bot?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 43_000);
    expect(await installations.tokenForTeam('T0ACME')).toMatchObject({ botToken: bot, teamId: 'T0ACME', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(await installations.authorize({ teamId: 'T0ACME', enterpriseId: undefined, isEnterpriseInstall: false })).toEqual({
      botToken: bot,
      botId: 'B0ACME',
      botUserId: 'U0ACMEBOT',
      teamId: 'T0ACME',
      enterpriseId: undefined,
    });
    expect(await installations.stateOfTeam('T0ACME')).toMatchObject({ status: 'active', reason: null });
    expect((await problemOf(installations.tokenForTeam('T0GLOBEX'))).problem).toBe('not_installed');
    expect(await installations.stateOfTeam('T0GLOBEX')).toMatchObject({ status: 'not_installed' });
    expect(await installations.isPaused('T0GLOBEX')).toBe(true);
  });

  it('a reinstall replaces the stored tokens, keeps one row and makes a revoked installation active again', async () => {
    await installations.storeInstallation(workspaceInstallation({ teamId: 'T0ACME', token: mint('bot'), refreshToken: mint('refresh') }));
    const [before] = await store.db('slack_installations').select('id', 'token_version');
    expect(await installations.revoke({ teamId: 'T0ACME' }, 'app_uninstalled')).toBe(true);
    expect(await installations.isPaused('T0ACME')).toBe(true);
    const fresh = mint('bot');
    await installations.storeInstallation(workspaceInstallation({ teamId: 'T0ACME', token: fresh, scopes: ['commands', 'chat:write', 'files:write'] }));
    const rows = await store.db('slack_installations').select('*');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: before!.id,
      status: 'active',
      status_reason: null,
      revoked_at_ms: null,
      bot_refresh_token_sealed: null,
      bot_token_expires_at_ms: null,
    });
    expect(Number(rows[0]!.token_version)).toBeGreaterThan(Number(before!.token_version) + 1);
    expect(await installations.tokenForTeam('T0ACME')).toMatchObject({
      botToken: fresh,
      scopes: ['commands', 'chat:write', 'files:write'],
      expiresAtMs: undefined,
    });
    expect(await installations.isPaused('T0ACME')).toBe(false);
  });

  it('deleteInstallation and revoke remove the tokens but keep the row, revoked; the same event twice changes nothing', async () => {
    await installations.storeInstallation(workspaceInstallation({ teamId: 'T0ACME', token: mint('bot'), refreshToken: mint('refresh') }));
    await installations.deleteInstallation({ teamId: 'T0ACME', enterpriseId: undefined, isEnterpriseInstall: false });
    const [row] = await store.db('slack_installations').select('*');
    expect(row).toMatchObject({ team_id: 'T0ACME', status: 'revoked', status_reason: 'deleted', bot_token_sealed: null, bot_refresh_token_sealed: null });
    expect(await installations.revoke({ teamId: 'T0ACME' }, 'tokens_revoked')).toBe(false);
    const revoked = await problemOf(installations.tokenForTeam('T0ACME'));
    expect(revoked.problem).toBe('revoked');
    expect(revoked.message).toContain('T0ACME');
    expect((await problemOf(installations.fetchInstallation({ teamId: 'T0ACME', enterpriseId: undefined, isEnterpriseInstall: false }))).problem).toBe(
      'revoked',
    );
    expect(await installations.stateOfTeam('T0ACME')).toMatchObject({ status: 'revoked', reason: 'deleted', sinceMs: expect.any(Number) });
  });

  it('an org-wide installation serves any workspace of its organisation; a workspace install comes first', async () => {
    const orgBot = mint('bot');
    await installations.storeInstallation(orgInstallation({ enterpriseId: 'E0GRID', token: orgBot, refreshToken: mint('refresh') }));
    const forMember = await installations.fetchInstallation({ teamId: 'T0MEMBER', enterpriseId: 'E0GRID', isEnterpriseInstall: false });
    expect(forMember).toMatchObject({ team: undefined, enterprise: { id: 'E0GRID' }, isEnterpriseInstall: true, bot: { token: orgBot, userId: 'U0ORGBOT' } });
    expect(forMember.enterpriseUrl).toBe('https://e0grid.enterprise.slack.com/');
    expect(await installations.fetchInstallation({ teamId: undefined, enterpriseId: 'E0GRID', isEnterpriseInstall: true })).toMatchObject({
      bot: { token: orgBot },
    });
    expect(await installations.authorize({ teamId: 'T0MEMBER', enterpriseId: 'E0GRID', isEnterpriseInstall: true })).toMatchObject({
      botToken: orgBot,
      teamId: 'T0MEMBER',
      enterpriseId: 'E0GRID',
    });
    expect(await installations.tokenForTeam('T0MEMBER', 'E0GRID')).toMatchObject({ botToken: orgBot, teamId: 'T0MEMBER', isEnterpriseInstall: true });

    // Background work knows the workspace only: its organisation as last seen finds the org-wide install.
    expect((await problemOf(installations.tokenForTeam('T0MEMBER'))).problem).toBe('not_installed');
    await installations.rememberTeamEnterprise('T0MEMBER', 'E0GRID');
    expect(await installations.tokenForTeam('T0MEMBER')).toMatchObject({ botToken: orgBot });
    expect((await problemOf(installations.tokenForTeam('T0OUTSIDER'))).problem).toBe('not_installed');

    // A workspace of the organisation with its own installation uses it, and is remembered as in it.
    const ownBot = mint('bot');
    await installations.storeInstallation(workspaceInstallation({ teamId: 'T0OWN', enterpriseId: 'E0GRID', token: ownBot }));
    expect(await installations.tokenForTeam('T0OWN')).toMatchObject({ botToken: ownBot, enterpriseId: 'E0GRID', isEnterpriseInstall: false });
    expect(await installations.fetchInstallation({ teamId: 'T0OWN', enterpriseId: 'E0GRID', isEnterpriseInstall: false })).toMatchObject({
      bot: { token: ownBot },
    });
    // Its own installation revoked, the org-wide one still serves it; revoking the workspace left the org-wide one alone.
    expect(await installations.revoke({ teamId: 'T0OWN', enterpriseId: 'E0GRID' }, 'app_uninstalled')).toBe(true);
    expect(await installations.tokenForTeam('T0OWN')).toMatchObject({ botToken: orgBot, isEnterpriseInstall: true });
    // Revoking the org-wide installation pauses every workspace it served.
    expect(await installations.revoke({ enterpriseId: 'E0GRID', isEnterpriseInstall: true }, 'app_uninstalled')).toBe(true);
    expect(await installations.stateOfTeam('T0MEMBER')).toMatchObject({ status: 'revoked', isEnterpriseInstall: true });
    expect((await problemOf(installations.tokenForTeam('T0OWN'))).problem).toBe('revoked');
  });

  it('reports tokens sealed under another key as unreadable, never uses them, and logs it once without the token', async () => {
    const bot = mint('bot');
    await new SlackInstallations({ db: store.db, cipher: new TokenCipher(crypto.randomBytes(32)) }).storeInstallation(
      workspaceInstallation({ teamId: 'T0ACME', token: bot, refreshToken: mint('refresh') }),
    );
    for (let i = 0; i < 2; i++) {
      const unreadable = await problemOf(installations.tokenForTeam('T0ACME'));
      expect(unreadable.problem).toBe('tokens_unreadable');
      expect(unreadable.message).toMatch(/tokens of the installation in Slack workspace T0ACME cannot be read with the configured MINIAPP_STATS_TOKEN_KEY/);
      expect(unreadable.message).not.toContain(bot);
    }
    expect((await problemOf(installations.fetchInstallation({ teamId: 'T0ACME', enterpriseId: undefined, isEnterpriseInstall: false }))).problem).toBe(
      'tokens_unreadable',
    );
    expect(logger.lines.filter((line) => line.includes('cannot be read'))).toHaveLength(1);
    expect(await installations.list()).toMatchObject([{ teamId: 'T0ACME', status: 'active', rotating: true, tokensReadable: false }]);
  });

  it('keeps no token in plain text: not in a dump of the database, not in a log line', async () => {
    await installations.storeInstallation(workspaceInstallation({ teamId: 'T0ACME', token: mint('bot'), refreshToken: mint('refresh') }));
    await installations.storeInstallation(workspaceInstallation({ teamId: 'T0PLAIN', token: `xoxb-1234-5678-${crypto.randomBytes(12).toString('hex')}` }));
    issued.push((await installations.tokenForTeam('T0PLAIN')).botToken);
    await installations.storeInstallation(orgInstallation({ enterpriseId: 'E0GRID', token: mint('bot'), refreshToken: mint('refresh') }));
    expect(await installations.list()).toHaveLength(3);
    const dump = dumpDatabase(store);
    expect(dump).toContain('slack_installations');
    expect(dump).toContain('T0ACME');
    expect(dump).toMatch(/v1\.[0-9a-f]{8}\.[\w-]{16}\./);
    for (const value of issued) {
      expect(dump).not.toContain(value);
      // Not even the part after the prefix.
      expect(dump).not.toContain(value.slice(-20));
    }
    const logged = logger.lines.join('\n');
    expect(logged).toContain('stored a Slack installation');
    for (const value of issued) expect(logged).not.toContain(value);
  });
});
