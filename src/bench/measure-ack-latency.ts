import { execFile, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { startSlackApp } from '../slack/start-slack-app.ts';
import { computeMedian, computePercentile } from './timing.ts';

const SECRET = 'benchsigningsecret00000000000000';
const exec = promisify(execFile);

/** The stand-in for the Slack Web API, in a child process so that its work is not on the app's event loop. */
export async function startStubSlackApi(): Promise<{ url: string; responses: () => Promise<number>; close(): Promise<void> }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./stub-slack-api.mjs', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the stub Slack API exited (code ${code})`)));
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/api/`,
    responses: async () => Number(await (await fetch(`${base}/count`)).text()),
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    },
  };
}

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface AckLatency {
  /** From the load generator handing a request to its socket to the app handing the acknowledgement to its socket (one clock: both on this machine). */
  acknowledged: Percentiles;
  /** Round trip seen by the load generator: also the time its own event loop takes to get to each of 200 responses. */
  roundTrip: Percentiles;
  /** The same two against a Node server that answers `{}` at once: the floor this machine and load generator set. */
  floor: { acknowledged: Percentiles; roundTrip: Percentiles };
}

interface Sent {
  i: number;
  sentAt: number;
  roundTrip: number;
}

const now = () => performance.timeOrigin + performance.now();
const percentiles = (values: number[]): Percentiles => ({ p50: computeMedian(values), p99: computePercentile(values, 99) });

/** Records when the response to each numbered request (`x-bench-request`) was handed to the socket. */
function recordAcknowledgements(server: http.Server): Map<number, number> {
  const acknowledged = new Map<number, number>();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const number = Number(req.headers['x-bench-request']);
    res.on('finish', () => acknowledged.set(number, now()));
  });
  return acknowledged;
}

/** Each burst's p50 and p99, then the median of those over the bursts. */
function summarise(bursts: Sent[][], acknowledged: Map<number, number>): { acknowledged: Percentiles; roundTrip: Percentiles } {
  const over = (values: (sent: Sent) => number) => {
    const each = bursts.map((sent) => percentiles(sent.map(values)));
    return { p50: computeMedian(each.map((p) => p.p50)), p99: computeMedian(each.map((p) => p.p99)) };
  };
  return { acknowledged: over((s) => acknowledged.get(s.i)! - s.sentAt), roundTrip: over((s) => s.roundTrip) };
}

/**
 * Runs the app's HTTP receiver here and has a separate process send it `count` signed slash
 * commands at once (after a first burst that opens the connections); waits for the work behind
 * every acknowledgement to finish.
 */
export async function measureAckLatency(db: Knex, count: number, text: string, bursts = 5): Promise<AckLatency> {
  const api = await startStubSlackApi();
  const running = await startSlackApp({
    db,
    logger: pino({ level: 'silent' }),
    credentials: { mode: 'http', botToken: 'xoxb-bench', signingSecret: SECRET, appToken: undefined },
    slackApiUrl: api.url,
    port: 0,
    host: '127.0.0.1',
    // The sender reuses its connections across bursts, as a load balancer in front would.
    httpLimits: { keepAliveTimeoutMs: 65_000 },
  });
  const acknowledged = recordAcknowledgements(running.httpServer!);
  try {
    const script = fileURLToPath(new URL('./send-slash-commands.mjs', import.meta.url));
    const base = api.url.replace(/api\/$/, '');
    const { stdout } = await exec(
      process.execPath,
      [script, String(running.port), String(count), text, SECRET, `${base}response/`, String(bursts), `${base}count`],
      { maxBuffer: 1 << 26 },
    );
    const sent = JSON.parse(stdout) as Sent[][];
    // Let the work behind the acknowledgements finish (each command ends with a response_url post).
    for (let waited = 0; (await api.responses()) < (bursts + 1) * count && waited < 300_000; waited += 200)
      await new Promise((resolve) => setTimeout(resolve, 200));
    return { ...summarise(sent, acknowledged), floor: await measureFloor(script, count, text, bursts) };
  } finally {
    await running.stop();
    await api.close();
  }
}

async function measureFloor(script: string, count: number, text: string, bursts: number): Promise<AckLatency['floor']> {
  const trivial = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  const acknowledged = recordAcknowledgements(trivial);
  await new Promise<void>((resolve) => trivial.listen(0, '127.0.0.1', resolve));
  try {
    const { stdout } = await exec(
      process.execPath,
      [script, String((trivial.address() as AddressInfo).port), String(count), text, SECRET, 'http://127.0.0.1:9/', String(bursts)],
      { maxBuffer: 1 << 26 },
    );
    return summarise(JSON.parse(stdout) as Sent[][], acknowledged);
  } finally {
    trivial.closeAllConnections();
    await new Promise((resolve) => trivial.close(resolve));
  }
}

/**
 * `node --import tsx src/bench/measure-ack-latency.ts <database url> <count> <text> <bursts>`:
 * the measurement in a process of its own, as the app runs in production, not in one that has just
 * loaded and queried millions of rows. Prints the AckLatency as JSON.
 */
export async function measureAckLatencyInChild(databaseUrl: string, count: number, text: string, bursts: number): Promise<AckLatency> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), databaseUrl, String(count), text, String(bursts)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as AckLatency;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [databaseUrl, count, text, bursts] = process.argv.slice(2);
  const { openDatabase } = await import('../db/database.ts');
  const db = openDatabase(databaseUrl!);
  try {
    process.stdout.write(JSON.stringify(await measureAckLatency(db, Number(count), text!, Number(bursts))));
  } finally {
    await db.destroy();
  }
}
