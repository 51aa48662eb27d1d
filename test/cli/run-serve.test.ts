/** `serve` started as a fresh process, as an operator starts it. */
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const DISTRIBUTED = {
  SLACK_CLIENT_ID: '1234567890.1234567890123',
  SLACK_CLIENT_SECRET: crypto.randomBytes(16).toString('hex'),
  SLACK_STATE_SECRET: crypto.randomBytes(32).toString('hex'),
  SLACK_SIGNING_SECRET: crypto.randomBytes(16).toString('hex'),
  MINIAPP_STATS_TOKEN_KEY: crypto.randomBytes(32).toString('base64'),
};
/** The environment without any Slack variable of the machine running the tests. */
const baseEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(SLACK_|MINIAPP_STATS_TOKEN_KEY$)/.test(name)));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-serve-'));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('serve for many Slack workspaces (distributed mode)', () => {
  it.each([
    ['without SLACK_STATE_SECRET', { SLACK_STATE_SECRET: '' }, /SLACK_STATE_SECRET is not set/],
    ['with a malformed MINIAPP_STATS_TOKEN_KEY', { MINIAPP_STATS_TOKEN_KEY: 'too-short' }, /MINIAPP_STATS_TOKEN_KEY is malformed/],
    ['with a malformed SLACK_CLIENT_ID', { SLACK_CLIENT_ID: 'my-app' }, /SLACK_CLIENT_ID is malformed/],
  ])('exits 1 %s, naming it, without a stack trace', async (_name, override, message) => {
    const env = { ...baseEnv(), ...DISTRIBUTED, ...override, DATABASE_URL: `sqlite:${path.join(dir, 'refused.sqlite')}` };
    const failure = await exec('node', ['bin/miniapp-stats.js', 'serve'], { env }).catch((error) => error);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^Cannot start the Slack app:\n {2}- /);
    expect(failure.stderr).toMatch(message);
    expect(failure.stderr.split('\n  - ')).toHaveLength(2);
    expect(failure.stderr).not.toMatch(/\n\s+at /);
    for (const secret of [DISTRIBUTED.SLACK_CLIENT_SECRET, DISTRIBUTED.SLACK_STATE_SECRET, DISTRIBUTED.MINIAPP_STATS_TOKEN_KEY]) {
      expect(failure.stderr).not.toContain(secret);
    }
  });

  it('starts with all of them, serves the install page beside the Slack endpoints, and stops on SIGTERM', async () => {
    const env = { ...baseEnv(), ...DISTRIBUTED, PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: `sqlite:${path.join(dir, 'serve.sqlite')}` };
    const child = spawn('node', ['bin/miniapp-stats.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listens on port (\d+): POST \/slack\/events, GET \/healthz, GET \/slack\/install, GET \/slack\/oauth_redirect\./.exec(stderr);
        if (match) resolve(Number(match[1]));
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
    });
    try {
      const page = await fetch(`http://127.0.0.1:${port}/slack/install`);
      expect(page.status).toBe(200);
      const link = new URL(/href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]+)"/.exec((await page.text()).replace(/&amp;/g, '&'))?.[1] ?? 'about:blank');
      expect(link.searchParams.get('client_id')).toBe(DISTRIBUTED.SLACK_CLIENT_ID);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
