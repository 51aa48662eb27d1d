import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { startSlackApp } from '../slack/start-slack-app.ts';
import { median, percentile } from './measure.ts';

const SECRET = 'benchsigningsecret00000000000000';
const exec = promisify(execFile);

/** A stand-in for the Slack Web API that says ok to everything, and counts response_url posts. */
async function startStubSlackApi(): Promise<{ url: string; responses: () => number; close(): Promise<void> }> {
  let responses = 0;
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/response/')) responses++;
    req.resume();
    req.on('end', () => {
      const port = (server.address() as AddressInfo).port;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, ts: '1.000001', channel: 'C0BENCH', user: { id: 'U0BENCH', profile: { email: 'admin@bench.test' } }, upload_url: `http://127.0.0.1:${port}/upload`, file_id: 'F1', files: [{ id: 'F1' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${base}/api/`, responses: () => responses, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface AckLatency {
  /** From Node reading the request to the acknowledgement written (time waiting for the event loop before that is not seen). */
  server: { p50: number; p99: number };
  /** Round trip seen by the load generator, including its own overhead. */
  client: { p50: number; p99: number };
  /** The same load against a Node server that answers `{}` at once: the load generator's floor. */
  floor: { p50: number; p99: number };
}

/**
 * Runs the app's HTTP receiver here and has a separate process send it `count` signed slash
 * commands at once (after a first burst that opens the connections); waits for the work behind
 * every acknowledgement to finish.
 */
export async function measureAckLatency(db: Knex, count: number, text: string): Promise<AckLatency> {
  const api = await startStubSlackApi();
  const running = await startSlackApp({
    db,
    logger: pino({ level: 'silent' }),
    credentials: { mode: 'http', botToken: 'xoxb-bench', signingSecret: SECRET, appToken: undefined },
    slackApiUrl: api.url,
    port: 0,
    host: '127.0.0.1',
  });
  // The first bytes of each request on a connection (a connection carries one request at a time).
  const server: number[] = [];
  const sockets = new WeakMap<Socket, { arrived: number | null; busy: boolean }>();
  running.httpServer!.on('connection', (socket: Socket) => {
    const state = { arrived: null as number | null, busy: false };
    sockets.set(socket, state);
    socket.on('data', () => {
      if (!state.busy && state.arrived === null) state.arrived = performance.now();
    });
  });
  running.httpServer!.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const state = sockets.get(req.socket)!;
    const arrived = state.arrived ?? performance.now();
    state.busy = true;
    state.arrived = null;
    res.on('prefinish', () => server.push(performance.now() - arrived));
    res.on('finish', () => (state.busy = false));
  });
  try {
    const script = fileURLToPath(new URL('./send-slash-commands.mjs', import.meta.url));
    const { stdout } = await exec(process.execPath, [script, String(running.port), String(count), text, SECRET, `${api.url.replace(/api\/$/, '')}response/`]);
    const client = JSON.parse(stdout) as { p50: number; p99: number };
    // Let the work behind the acknowledgements finish (each command ends with a response_url post).
    for (let waited = 0; api.responses() < 2 * count && waited < 300_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    const measured = server.slice(-count);
    return { server: { p50: median(measured), p99: percentile(measured, 99) }, client, floor: await measureFloor(script, count, text) };
  } finally {
    await running.stop();
    await api.close();
  }
}

async function measureFloor(script: string, count: number, text: string): Promise<{ p50: number; p99: number }> {
  const trivial = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((resolve) => trivial.listen(0, '127.0.0.1', resolve));
  try {
    const { stdout } = await exec(process.execPath, [script, String((trivial.address() as AddressInfo).port), String(count), text, SECRET, 'http://127.0.0.1:9/']);
    return JSON.parse(stdout) as { p50: number; p99: number };
  } finally {
    trivial.closeAllConnections();
    await new Promise((resolve) => trivial.close(resolve));
  }
}
