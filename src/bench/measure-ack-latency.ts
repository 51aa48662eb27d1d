import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { startSlackApp } from '../slack/start-slack-app.ts';
import { median, percentile } from './measure.ts';

const SECRET = 'benchsigningsecret00000000000000';

/** A stand-in for the Slack Web API that says ok to everything (the bench measures acknowledgements only). */
async function startStubSlackApi(): Promise<{ url: string; responses: () => number; close(): Promise<void> }> {
  let responses = 0;
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/response/')) responses++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, ts: '1.000001', channel: 'C0BENCH', user: { id: 'U0BENCH', profile: { email: 'admin@bench.test' } }, upload_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`, file_id: 'F1', files: [{ id: 'F1' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    responses: () => responses,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends `count` signed slash commands at once to the HTTP receiver; returns p50/p99 of the time to the acknowledgement. */
export async function measureAckLatency(db: Knex, count: number, text: string): Promise<{ p50: number; p99: number }> {
  const api = await startStubSlackApi();
  const running = await startSlackApp({
    db,
    logger: pino({ level: 'silent' }),
    credentials: { mode: 'http', botToken: 'xoxb-bench', signingSecret: SECRET, appToken: undefined },
    slackApiUrl: api.url,
    port: 0,
    host: '127.0.0.1',
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: count });
  const send = (i: number) =>
    new Promise<number>((resolve, reject) => {
      const body = new URLSearchParams({ team_id: 'T0BENCH', user_id: 'U0BENCH', channel_id: 'C0BENCH', command: '/miniapp-stats', text, response_url: `${api.url}response/${i}`, trigger_id: `t${i}` }).toString();
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${crypto.createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const started = performance.now();
      const req = http.request(
        { host: '127.0.0.1', port: running.port!, path: '/slack/events', method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  try {
    await send(-1);
    const times = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
    // Let the work behind the acknowledgements finish (each command ends with a response_url post).
    for (let waited = 0; api.responses() < count + 1 && waited < 300_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    return { p50: median(times), p99: percentile(times, 99) };
  } finally {
    agent.destroy();
    await running.stop();
    await api.close();
  }
}
