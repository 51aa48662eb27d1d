import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../support/slack/fake-slack-api.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';

const SLACK_ENV = { SLACK_BOT_TOKEN: 'xoxb-serve-test', SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef', PORT: '0', LOG_LEVEL: 'info' };

/** `serve` in a fresh process, with what it writes on each stream. */
function startServe(databaseUrl: string, slackApiUrl: string) {
  const child: ChildProcess = spawn(process.execPath, ['bin/miniapp-stats.js', 'serve'], {
    env: { ...process.env, ...SLACK_ENV, DATABASE_URL: databaseUrl, SLACK_API_URL: slackApiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk) => (output.stdout += chunk));
  child.stderr!.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('serve prints JSON lines on standard output, and one line per error on standard error', () => {
  let slack: FakeSlackApi;
  let store: TestDatabase | undefined;
  beforeAll(async () => {
    slack = await startFakeSlackApi({ tokens: [SLACK_ENV.SLACK_BOT_TOKEN] });
  });
  afterAll(async () => {
    await slack?.close();
    await store?.drop();
  });

  it('when the database is not there at all', async () => {
    const serve = startServe(`mysql://root@127.0.0.1:${await closedPort()}/nowhere`, slack.url);
    expect(await serve.exited).toBe(1);
    for (const line of lines(serve.output.stdout)) expect(() => JSON.parse(line), line).not.toThrow();
    expect(serve.output.stdout).not.toMatch(/\\n\s+at /);
    expect(lines(serve.output.stderr)).toEqual([
      expect.stringMatching(/^Cannot reach the database at mysql:\/\/root@127\.0\.0\.1:\d+\/nowhere: connect ECONNREFUSED/),
    ]);
  });

  describe.runIf(DATABASE_KINDS.includes('mysql'))('when the database goes away while it serves', () => {
    it('logs what knex says about it as JSON, without stack traces', async () => {
      store = await createTestDatabase('mysql', { migrate: false });
      const target = new URL(store.url);
      const proxy = await startTcpProxy(target.hostname, Number(target.port || 3306));
      target.host = `127.0.0.1:${proxy.port}`;
      const serve = startServe(target.toString(), slack.url);
      try {
        const port = await new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`serve did not start: ${serve.output.stderr}`)), 60_000);
          serve.child.stderr!.on('data', () => {
            const listening = /listens on port (\d+)/.exec(serve.output.stderr);
            if (listening) {
              clearTimeout(timer);
              resolve(Number(listening[1]));
            }
          });
        });
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        await proxy.stop();
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(503);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(503);
      } finally {
        serve.child.kill('SIGTERM');
        await serve.exited;
        await proxy.close();
      }
      const logged = lines(serve.output.stdout).map((line) => {
        expect(() => JSON.parse(line), line).not.toThrow();
        return JSON.parse(line) as { component?: string; msg: string };
      });
      expect(logged).toContainEqual(
        expect.objectContaining({ component: 'database', msg: expect.stringMatching(/^Acquire connection error: Error: connect ECONNREFUSED/) }),
      );
      for (const line of logged.filter((l) => l.component === 'database')) expect(line.msg).not.toMatch(/\n/);
      expect(lines(serve.output.stderr)).toEqual([expect.stringMatching(/^miniapp-stats listens on port \d+/)]);
    });
  });
});
