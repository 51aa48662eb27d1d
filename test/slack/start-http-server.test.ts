import net from 'node:net';
import type { HTTPReceiver } from '@slack/bolt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpLimits, readDefaultHttpLimits, startHttpServer } from '../../src/slack/start-http-server.ts';
import { postToApp, slashCommandBody } from '../support/slack/slack-requests.ts';

const SECRET = 'httpfronttestsecret0123456789abc';

/** A server with small limits, whose log lines and dispatched requests the test reads. */
async function startFront(limits: Partial<HttpLimits>) {
  const logged: { level: number; msg: string; dropped?: Record<string, number>; err?: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  const dispatched: Record<string, unknown>[] = [];
  const receiver = { requestListener: (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(200).end() } as unknown as HTTPReceiver;
  const running = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    signingSecret: SECRET,
    receiver,
    logger,
    checkHealth: async () => true,
    dispatch: async (body) => void dispatched.push(body),
    limits: { dropReportIntervalMs: 200, ...limits },
  });
  return { running, logged, dispatched };
}

interface RawResult {
  /** The status line, or null when the server closed without answering. */
  status: string | null;
  /** Bytes of the body the server let us write before it closed. */
  sent: number;
}

/** Writes a request by hand (headers, then body bytes, some at once and some dripped), until the server answers and closes. */
function rawRequest(port: number, head: string, body: { now?: string; drip?: { bytes: number; everyMs: number } } = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let status: string | null = null;
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (data) => {
      status ??= data.toString('latin1').split('\r\n')[0]!;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ status, sent });
    });
    socket.write(head);
    if (body.now) {
      socket.write(body.now);
      sent += Buffer.byteLength(body.now);
    }
    const drip = body.drip;
    if (drip) {
      let left = drip.bytes;
      timer = setInterval(() => {
        if (left-- <= 0 || socket.destroyed) return clearInterval(timer);
        socket.write('a');
        sent++;
      }, drip.everyMs);
    }
  });
}

const postHead = (headers: Record<string, string | number>) =>
  `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;

const waitFor = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`never happened: ${what}`);
};

describe('the HTTP front, before any signature is checked', () => {
  let front: Awaited<ReturnType<typeof startFront>>;
  let port: number;
  beforeAll(async () => {
    front = await startFront({ maxBodyBytes: 1000, bodyBudgetBytes: 3000, bodyTimeoutMs: 1000, headersTimeoutMs: 1000, requestTimeoutMs: 5000 });
    port = front.running.port;
  });
  afterAll(async () => front?.running.close());

  it('refuses a declared length over the limit at once, without reading the body', async () => {
    const result = await rawRequest(port, postHead({ 'Content-Length': 100 * 1024 * 1024 }));
    expect(result.status).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('stops reading a chunked body at the limit', async () => {
    const chunk = `${(200).toString(16)}\r\n${'a'.repeat(200)}\r\n`;
    const result = await rawRequest(port, postHead({ 'Transfer-Encoding': 'chunked' }), { now: chunk.repeat(5_000) });
    expect(result.status).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('cuts a body dripped a byte at a time at the body deadline', async () => {
    const result = await rawRequest(port, postHead({ 'Content-Length': 500 }), { drip: { bytes: 500, everyMs: 100 } });
    expect(result.status).toBe('HTTP/1.1 408 Request Timeout');
    expect(result.sent).toBeLessThan(500);
  });

  it('cuts headers that never end', async () => {
    const result = await rawRequest(port, 'POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(result.status).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('holds no more unverified bytes than its budget: beyond it, 503 at once', async () => {
    // Three bodies of 1,000 bytes fill the budget while their last byte is awaited.
    const held = Array.from({ length: 3 }, () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(postHead({ 'Content-Length': 1000 }));
      socket.write('a'.repeat(999));
      return socket;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const turnedAway = await rawRequest(port, postHead({ 'Content-Length': 10 }), { now: 'a'.repeat(10) });
    expect(turnedAway.status).toBe('HTTP/1.1 503 Service Unavailable');
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The budget is back once they are gone: the next request is read, and refused for its signature.
    const body = 'a'.repeat(10);
    const read = await postToApp(`http://127.0.0.1:${port}/slack/events`, body, { signingSecret: 'not-the-secret' });
    expect(read.status).toBe(401);
  });

  it('logs aborted and refused requests as a line of counts per interval, with no stack trace', async () => {
    const quiet = await startFront({ maxBodyBytes: 1000, dropReportIntervalMs: 300 });
    try {
      await Promise.all(
        Array.from({ length: 5 }, async () => {
          const socket = net.connect(quiet.running.port, '127.0.0.1');
          socket.on('error', () => undefined);
          socket.write(postHead({ 'Content-Length': 900 }));
          socket.write('a'.repeat(100));
          await new Promise((resolve) => setTimeout(resolve, 50));
          socket.destroy();
        }),
      );
      await rawRequest(quiet.running.port, postHead({ 'Content-Length': 5000 }));
      const total = (reason: string) => quiet.logged.reduce((sum, line) => sum + (line.dropped?.[reason] ?? 0), 0);
      await waitFor(() => total('aborted') === 5 && total('too large') === 1, 'the counts logged');
      for (const line of quiet.logged) {
        expect(line).toEqual({
          level: 40,
          time: expect.any(Number),
          pid: expect.any(Number),
          hostname: expect.any(String),
          dropped: expect.any(Object),
          seconds: 0.3,
          msg: 'HTTP requests dropped by the front',
        });
      }
      expect(quiet.logged.length).toBeLessThanOrEqual(2);
    } finally {
      await quiet.running.close();
    }
  });
});

describe('the HTTP front under thousands of idle connections', () => {
  let front: Awaited<ReturnType<typeof startFront>>;
  const idle: net.Socket[] = [];
  afterAll(async () => {
    for (const socket of idle) socket.destroy();
    await front?.running.close();
  });

  it('keeps at most maxConnections open, and still answers /healthz and commands', async () => {
    front = await startFront({ maxConnections: 100, headersTimeoutMs: 60_000, requestTimeoutMs: 120_000 });
    const { port } = front.running;
    let closedByServer = 0;
    for (let i = 0; i < 2000; i++) {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.on('close', () => closedByServer++);
      idle.push(socket);
      if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitFor(() => closedByServer >= 1900, 'idle connections closed for room');
    const open = await new Promise<number>((resolve) => front.running.server.getConnections((_error, count) => resolve(count)));
    expect(open).toBeLessThanOrEqual(100);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const body = slashCommandBody({ command: '/miniapp-stats', text: 'whoami' });
    const ack = await postToApp(`http://127.0.0.1:${port}/slack/events`, body, { signingSecret: SECRET });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Working on `\/miniapp-stats whoami`/) });
    await waitFor(() => front.dispatched.length === 1, 'the command dispatched');
    await waitFor(() => front.logged.some((line) => line.dropped?.['idle connection closed for room']), 'a summary line');
    expect(front.logged.filter((line) => line.err)).toEqual([]);
  });

  it('closes a keep-alive connection soon after its last response', async () => {
    const closeAfter = await startFront({ keepAliveTimeoutMs: 300 });
    try {
      const result = await rawRequest(closeAfter.running.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      expect(result.status).toBe('HTTP/1.1 200 OK');
    } finally {
      await closeAfter.running.close();
    }
  });
});

describe('readDefaultHttpLimits', () => {
  it('keeps idle connections 5 s, reads bodies of up to 128 KiB within 10 s, and caps connections at 1,024', () => {
    expect(readDefaultHttpLimits()).toMatchObject({
      maxBodyBytes: 131_072,
      bodyTimeoutMs: 10_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: expect.any(Number),
    });
    expect(readDefaultHttpLimits().maxConnections).toBeLessThanOrEqual(1024);
  });
});
