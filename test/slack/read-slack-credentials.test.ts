import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { readEnvOptions } from '../../src/config/read-env-options.ts';
import { ConfigError } from '../../src/domain/errors.ts';
import { readSlackSetup } from '../../src/slack/read-slack-credentials.ts';

const SIGNING = crypto.randomBytes(16).toString('hex');
const KEY_HEX = crypto.randomBytes(32).toString('hex');
const DISTRIBUTED = {
  SLACK_CLIENT_ID: '1234567890.1234567890123',
  SLACK_CLIENT_SECRET: crypto.randomBytes(16).toString('hex'),
  SLACK_STATE_SECRET: crypto.randomBytes(32).toString('hex'),
  SLACK_SIGNING_SECRET: SIGNING,
  MINIAPP_STATS_TOKEN_KEY: KEY_HEX,
};

const setup = (env: NodeJS.ProcessEnv) => readSlackSetup(readEnvOptions(env));

function problems(env: NodeJS.ProcessEnv): string {
  try {
    setup(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot start the Slack app:\n {2}- /);
    return message;
  }
  throw new Error('expected a ConfigError');
}

describe('Slack credentials: one workspace (SLACK_BOT_TOKEN), as before', () => {
  it('reads HTTP mode and Socket Mode', () => {
    expect(setup({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: SIGNING })).toEqual({
      mode: 'http',
      botToken: 'xoxb-1-2-abc',
      signingSecret: SIGNING,
      appToken: undefined,
    });
    expect(setup({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A-b' })).toEqual({
      mode: 'socket',
      botToken: 'xoxb-1-2-abc',
      signingSecret: undefined,
      appToken: 'xapp-1-A-b',
    });
  });

  it('names every missing or malformed variable, and says how to serve many workspaces', () => {
    const nothing = problems({});
    expect(nothing).toContain('SLACK_BOT_TOKEN is not set');
    expect(nothing).toContain('SLACK_SIGNING_SECRET is not set');
    expect(nothing).toContain('SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SLACK_SIGNING_SECRET, MINIAPP_STATS_TOKEN_KEY');
    expect(problems({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_APP_TOKEN: 'nope' })).toMatch(/SLACK_BOT_TOKEN is malformed[\s\S]*SLACK_APP_TOKEN is malformed/);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'short!' })).toContain('SLACK_SIGNING_SECRET is malformed');
  });

  it('refuses a rotating bot token, which one workspace mode cannot refresh', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxe.xoxb-1-abc', SLACK_SIGNING_SECRET: SIGNING })).toMatch(
      /SLACK_BOT_TOKEN is a rotating token \(xoxe\.xoxb-…\): it expires after 12 hours .*token_rotation_enabled: false/,
    );
  });

  it('keeps SLACK_BOT_TOKEN in charge when the OAuth variables are set too', () => {
    expect(setup({ ...DISTRIBUTED, SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toMatchObject({ mode: 'http', botToken: 'xoxb-1-2-abc' });
    expect(setup({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: SIGNING, MINIAPP_STATS_TOKEN_KEY: 'not a key' })).toMatchObject({ mode: 'http' });
  });
});

describe('Slack credentials: many workspaces (distributed mode, no SLACK_BOT_TOKEN)', () => {
  it('reads the five variables, the token key as hex or base64', () => {
    const read = setup(DISTRIBUTED);
    expect(read).toMatchObject({
      mode: 'distributed',
      clientId: DISTRIBUTED.SLACK_CLIENT_ID,
      clientSecret: DISTRIBUTED.SLACK_CLIENT_SECRET,
      stateSecret: DISTRIBUTED.SLACK_STATE_SECRET,
      signingSecret: SIGNING,
    });
    if (read.mode !== 'distributed') throw new Error('expected the distributed mode');
    const sealed = read.tokenCipher.encrypt('xoxe.xoxb-1-abc', 'ctx');
    const base64 = setup({ ...DISTRIBUTED, MINIAPP_STATS_TOKEN_KEY: Buffer.from(KEY_HEX, 'hex').toString('base64') });
    if (base64.mode !== 'distributed') throw new Error('expected the distributed mode');
    expect(base64.tokenCipher.decrypt(sealed, 'ctx')).toBe('xoxe.xoxb-1-abc');
    // The key does not show when the credentials are printed.
    expect(JSON.stringify(read)).not.toContain(KEY_HEX);
  });

  it('names each missing variable in one error', () => {
    const message = problems({ SLACK_CLIENT_ID: DISTRIBUTED.SLACK_CLIENT_ID });
    for (const name of ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET', 'MINIAPP_STATS_TOKEN_KEY'])
      expect(message).toContain(`${name} is not set`);
    expect(message).not.toContain('SLACK_CLIENT_ID');
    expect(message).not.toContain('SLACK_BOT_TOKEN is not set');
    expect(problems({ MINIAPP_STATS_TOKEN_KEY: KEY_HEX })).toContain('SLACK_CLIENT_ID is not set');
  });

  it('names each malformed variable without echoing a secret', () => {
    const bad = {
      SLACK_CLIENT_ID: 'my-app',
      SLACK_CLIENT_SECRET: 'secret with spaces!',
      SLACK_STATE_SECRET: 'my-state-secret',
      SLACK_SIGNING_SECRET: 'sign!ng',
      MINIAPP_STATS_TOKEN_KEY: 'correct-horse-battery-staple',
    };
    const message = problems(bad);
    expect(message).toContain('SLACK_CLIENT_ID is malformed');
    expect(message).toContain('SLACK_CLIENT_SECRET is malformed');
    expect(message).toContain('SLACK_STATE_SECRET is too short');
    expect(message).toContain('SLACK_SIGNING_SECRET is malformed');
    expect(message).toMatch(/MINIAPP_STATS_TOKEN_KEY is malformed: .*64 hex characters or as base64/);
    for (const value of [bad.SLACK_CLIENT_SECRET, bad.SLACK_STATE_SECRET, bad.SLACK_SIGNING_SECRET, bad.MINIAPP_STATS_TOKEN_KEY])
      expect(message).not.toContain(value);
    expect(message.split('\n  - ')).toHaveLength(6);
  });

  it('refuses Socket Mode: a distributed app serves HTTP', () => {
    expect(problems({ ...DISTRIBUTED, SLACK_APP_TOKEN: 'xapp-1-A-b' })).toMatch(
      /SLACK_APP_TOKEN is set, but Socket Mode is not for an app installed in many workspaces/,
    );
  });

  it('reads SLACK_REDIRECT_URI when it is the public URL of /slack/oauth_redirect', () => {
    expect(setup({ ...DISTRIBUTED, SLACK_REDIRECT_URI: 'https://stats.example.com/slack/oauth_redirect' })).toMatchObject({
      redirectUri: 'https://stats.example.com/slack/oauth_redirect',
    });
    expect(setup(DISTRIBUTED)).toMatchObject({ redirectUri: undefined });
    for (const bad of ['stats.example.com/slack/oauth_redirect', 'https://stats.example.com/oauth', 'https://stats.example.com/slack/oauth_redirect?x=1'])
      expect(problems({ ...DISTRIBUTED, SLACK_REDIRECT_URI: bad })).toMatch(/SLACK_REDIRECT_URI is malformed: .*\/slack\/oauth_redirect/);
    expect(problems({ SLACK_REDIRECT_URI: 'https://stats.example.com/slack/oauth_redirect' })).toContain('SLACK_CLIENT_ID is not set');
  });

  it('stops `serve` with exit code 1 naming what is missing', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (text: string) => void err.push(text) };
    expect(await main(['serve'], { SLACK_CLIENT_ID: DISTRIBUTED.SLACK_CLIENT_ID, DATABASE_URL: 'sqlite::memory:' }, io)).toBe(1);
    expect(err.join('\n')).toMatch(/SLACK_CLIENT_SECRET is not set[\s\S]*MINIAPP_STATS_TOKEN_KEY is not set/);
  });
});
