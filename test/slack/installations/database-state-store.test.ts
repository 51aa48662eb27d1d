import crypto from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InstallProvider, type InstallURLOptions, InvalidStateError, LogLevel } from '@slack/oauth';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.ts';
import { DatabaseStateStore, STATE_TTL_MS } from '../../../src/slack/installations/database-state-store.ts';
import { SlackInstallations } from '../../../src/slack/installations/slack-installations.ts';
import { TokenCipher } from '../../../src/slack/installations/token-cipher.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../../support/slack/fake-slack-api.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database.ts';

const noop = () => undefined;
const SECRET = crypto.randomBytes(32).toString('hex');
const OPTIONS: InstallURLOptions = { scopes: ['commands', 'chat:write'], redirectUri: 'https://stats.example/slack/oauth_redirect', metadata: 'from-test' };

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidStateError);
    return (error as Error).message;
  }
  throw new Error('expected an InvalidStateError');
}

describe.each(DATABASE_KINDS)('OAuth state store on %s', (kind) => {
  let store: TestDatabase;
  let states: DatabaseStateStore;
  const pools: Knex[] = [];

  beforeAll(async () => {
    store = await createTestDatabase(kind);
  });
  afterAll(async () => {
    for (const pool of pools) await pool.destroy();
    await store?.drop();
  });
  beforeEach(async () => {
    await store.db('slack_oauth_states').delete();
    states = new DatabaseStateStore({ db: store.db, secret: SECRET });
  });

  it('verifies a state it issued once, giving back the install options; a second use is refused', async () => {
    const issuedAt = new Date();
    const state = await states.generateStateParam(OPTIONS, issuedAt);
    expect(state).toMatch(/^[\w-]+\.[\w-]{43}$/);
    expect(await states.generateStateParam(OPTIONS, issuedAt)).not.toBe(state);
    expect(await states.verifyStateParam(new Date(issuedAt.getTime() + 1000), state)).toEqual(OPTIONS);
    expect(await refusal(states.verifyStateParam(new Date(issuedAt.getTime() + 2000), state))).toMatch(/already used/);
    const rows = await store.db('slack_oauth_states').select('*');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.state_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(state.split('.')[1]);
  });

  it('refuses reuse on another replica (another pool on the same database)', async () => {
    const other = openDatabase(store.url);
    pools.push(other);
    const state = await states.generateStateParam(OPTIONS, new Date());
    const results = await Promise.allSettled([
      states.verifyStateParam(new Date(), state),
      new DatabaseStateStore({ db: other, secret: SECRET }).verifyStateParam(new Date(), state),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(InvalidStateError);
  });

  it('refuses a state older than 10 minutes, and one issued in the future', async () => {
    const issuedAt = new Date();
    const state = await states.generateStateParam(OPTIONS, issuedAt);
    expect(await refusal(states.verifyStateParam(new Date(issuedAt.getTime() + STATE_TTL_MS + 1), state))).toMatch(/expired/);
    const future = await states.generateStateParam(OPTIONS, new Date(issuedAt.getTime() + 5 * 60_000));
    expect(await refusal(states.verifyStateParam(issuedAt, future))).toMatch(/future/);
    // Refusals do not spend the state: still good within its 10 minutes.
    expect(await states.verifyStateParam(new Date(issuedAt.getTime() + STATE_TTL_MS), state)).toEqual(OPTIONS);
  });

  it('refuses forged, altered and malformed states without recording them', async () => {
    const now = new Date();
    const state = await states.generateStateParam(OPTIONS, now);
    const [payload, signature] = state.split('.') as [string, string];
    const forged = await new DatabaseStateStore({ db: store.db, secret: crypto.randomBytes(32).toString('hex') }).generateStateParam(OPTIONS, now);
    expect(await refusal(states.verifyStateParam(now, forged))).toMatch(/signature/);
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), exp: Date.now() + 10 ** 9 })).toString(
      'base64url',
    );
    expect(await refusal(states.verifyStateParam(now, `${altered}.${signature}`))).toMatch(/signature/);
    // Another spelling of the same signature bytes (the last character's spare bits) is not accepted.
    const last = signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(Buffer.from(signature.slice(0, -1) + sibling, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(await refusal(states.verifyStateParam(now, `${payload}.${signature.slice(0, -1)}${sibling}`))).toMatch(/signature/);
    // Signed, but not a state.
    const notJson = Buffer.from('not json').toString('base64url');
    const sign = (text: string) => crypto.createHmac('sha256', SECRET).update('miniapp-stats oauth state v1.').update(text).digest('base64url');
    for (const bad of ['', 'abc', `${payload}.`, `.${signature}`, `${payload}.${signature}.x`, `${notJson}.${sign(notJson)}`]) {
      expect(await refusal(states.verifyStateParam(now, bad))).toMatch(/malformed|signature/);
    }
    const wrongShape = Buffer.from(JSON.stringify({ v: 2, iat: now.getTime(), exp: now.getTime() + 1000, o: {} })).toString('base64url');
    expect(await refusal(states.verifyStateParam(now, `${wrongShape}.${sign(wrongShape)}`))).toMatch(/malformed/);
    expect(await store.db('slack_oauth_states').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('prunes used states an hour after they expired', async () => {
    const now = Date.now();
    await store.db('slack_oauth_states').insert([
      { state_hash: 'a'.repeat(64), expires_at_ms: now - 2 * 3_600_000, used_at_ms: now - 2 * 3_600_000 },
      { state_hash: 'b'.repeat(64), expires_at_ms: now - 30 * 60_000, used_at_ms: now - 35 * 60_000 },
    ]);
    // Verifying a state prunes now and then, without being asked.
    await states.verifyStateParam(new Date(now), await states.generateStateParam(OPTIONS, new Date(now)));
    const left = await store.db('slack_oauth_states').pluck('state_hash');
    expect(left).toHaveLength(2);
    expect(left).toContain('b'.repeat(64));
    expect(left).not.toContain('a'.repeat(64));
    expect(await states.pruneUsedStates(now + 31 * 60_000)).toBe(1);
  });
});

describe.each(DATABASE_KINDS)("@slack/oauth's InstallProvider with these stores, on %s", (kind) => {
  let store: TestDatabase;
  let fake: FakeSlackApi;
  let server: Server;
  let base: string;
  let installations: SlackInstallations;

  beforeAll(async () => {
    store = await createTestDatabase(kind);
    fake = await startFakeSlackApi();
    installations = new SlackInstallations({ db: store.db, cipher: new TokenCipher(crypto.randomBytes(32)) });
    const installer = new InstallProvider({
      clientId: fake.oauth.clientId,
      clientSecret: fake.oauth.clientSecret,
      stateStore: new DatabaseStateStore({ db: store.db, secret: SECRET }),
      installationStore: installations,
      installUrlOptions: { scopes: ['commands', 'chat:write'] },
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
      // Its failure log lines are expected here.
      logger: { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, getLevel: () => LogLevel.ERROR, setName: noop },
    });
    server = createServer((req, res) => {
      const route = new URL(req.url ?? '/', 'http://local').pathname;
      const done = route === '/slack/install' ? installer.handleInstallPath(req, res) : installer.handleCallback(req, res);
      done.catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await fake?.close();
    await store?.drop();
  });

  async function startInstall(): Promise<{ state: string; cookie: string }> {
    const page = await fetch(`${base}/slack/install`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const link = new URL(/<a href="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&'));
    expect(link.origin + link.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(link.searchParams.get('client_id')).toBe(fake.oauth.clientId);
    expect(link.searchParams.get('scope')).toBe('commands,chat:write');
    const state = link.searchParams.get('state')!;
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
    return { state, cookie };
  }

  const redirect = (code: string, state: string, cookie: string) =>
    fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie } });
  const codeExchanges = () => fake.callsTo('oauth.v2.access').length;

  it('installs with a state it issued, and refuses the same redirect replayed with its cookie before any exchange', async () => {
    fake.oauth.registerCode('code-acme', { team: { id: 'T0ACME', name: 'Acme' }, expiresIn: 43_200 });
    const { state, cookie } = await startInstall();
    const installed = await redirect('code-acme', state, cookie);
    expect(installed.status).toBe(200);
    expect(codeExchanges()).toBe(1);
    const { botToken } = await installations.tokenForTeam('T0ACME');
    expect(fake.oauth.tokensByTeam('T0ACME')).toEqual([botToken]);

    fake.oauth.registerCode('code-acme', { team: { id: 'T0ACME' } });
    const replayed = await redirect('code-acme', state, cookie);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('slack_oauth_invalid_state');
    expect(codeExchanges()).toBe(1);
    expect((await installations.tokenForTeam('T0ACME')).botToken).toBe(botToken);
  });

  it('refuses a forged state, even with a matching cookie, and stores nothing', async () => {
    fake.oauth.registerCode('code-globex', { team: { id: 'T0GLOBEX' } });
    const before = codeExchanges();
    const forged = await new DatabaseStateStore({ db: store.db, secret: 'f'.repeat(64) }).generateStateParam({ scopes: ['commands'] }, new Date());
    const response = await redirect('code-globex', forged, `slack-app-oauth-state=${forged}`);
    expect(response.status).toBe(400);
    expect(codeExchanges()).toBe(before);
    expect(await installations.stateOfTeam('T0GLOBEX')).toMatchObject({ status: 'not_installed' });
  });
});
