import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { createQuietGate } from './create-quiet-gate.ts';
import { answerClientErrors, createDropTally, guardConnections, readDefaultMaxConnections } from './guard-connections.ts';
import { buildWorkingNotice } from './messages.ts';
import { createByteBudget, readRequestBody } from './read-request-body.ts';

export const EVENTS_PATH = '/slack/events';

/** What the front holds for requests it has not verified yet, and for how long. */
export interface HttpLimits {
  /**
   * The largest body read. Slack's largest is a click on an answer, which carries the answer's
   * blocks: 31 KB for the longest answer we draw with long Chinese names; a message Slack takes is
   * at most about 13,000 characters, form-encoded at most 9 bytes each (117 KB).
   */
  maxBodyBytes: number;
  /** Bytes of all the bodies being read at once; a request beyond it gets 503 at once. */
  bodyBudgetBytes: number;
  /** From the headers to the last byte of the body. */
  bodyTimeoutMs: number;
  /** From the connection (or the end of the previous request) to the end of the headers. */
  headersTimeoutMs: number;
  /** The whole request, headers and body (Node's own backstop behind bodyTimeoutMs). */
  requestTimeoutMs: number;
  /** How long a keep-alive connection is kept between requests. */
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** How often the counts of dropped requests are logged (one line, when there were any). */
  dropReportIntervalMs: number;
}

export function readDefaultHttpLimits(): HttpLimits {
  return {
    maxBodyBytes: 128 * 1024,
    bodyBudgetBytes: 8 * 1024 * 1024,
    bodyTimeoutMs: 10_000,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 15_000,
    keepAliveTimeoutMs: 5_000,
    maxConnections: readDefaultMaxConnections(),
    dropReportIntervalMs: 60_000,
  };
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  signingSecret: string;
  receiver: HTTPReceiver;
  /** Resolves true when the database answers. */
  checkHealth: () => Promise<boolean>;
  /** Hands an already acknowledged request to Bolt. */
  dispatch: (body: Record<string, unknown>) => Promise<void>;
  logger: Logger;
  nowMs?: () => number;
  /** Pages served on GET beside the Slack endpoints, by path (the install and OAuth redirect pages). */
  pages?: Readonly<Record<string, PageHandler>>;
  /** Any of these replaces its default (readDefaultHttpLimits). */
  limits?: Partial<HttpLimits>;
}

/** A page's whole answer; the front sends it with its length. */
export interface Page {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string | string[]>;
}

export type PageHandler = (req: http.IncomingMessage) => Promise<Page>;

export interface RunningHttpServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/**
 * The app's HTTP front: `GET /healthz`, the given pages (the install routes), and
 * `POST /slack/events` for commands, interactivity and events. Every Slack request is verified
 * here (signature, and a timestamp within 5 minutes in either direction) before Bolt sees it;
 * Bolt then checks it again and routes it.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { receiver, logger } = options;
  const limits: HttpLimits = { ...readDefaultHttpLimits(), ...options.limits };
  const gate = createQuietGate();
  const tally = createDropTally(logger, limits.dropReportIntervalMs);
  const budget = createByteBudget(limits.bodyBudgetBytes);
  // Node checks the header and request timeouts this often (30 s by default).
  const server = http.createServer({ connectionsCheckingInterval: 1000, requestTimeout: limits.requestTimeoutMs }, (req, res) => {
    gate.touch();
    handle(req, res).catch((error) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  guardConnections(server, limits.maxConnections, tally);
  answerClientErrors(server, tally);
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const healthy = await options.checkHealth().catch(() => false);
      send(res, healthy ? 200 : 503, 'application/json', JSON.stringify({ status: healthy ? 'ok' : 'database unreachable' }));
      return;
    }
    const page = options.pages?.[path ?? ''];
    if (page) {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET', 'content-length': 0 }).end();
        return;
      }
      const answer = await page(req);
      send(res, answer.status, answer.contentType, answer.body, answer.headers);
      return;
    }
    if (path !== EVENTS_PATH) {
      send(res, 404, 'text/plain', 'Not found');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const read = await readRequestBody(req, { maxBytes: limits.maxBodyBytes, deadlineMs: limits.bodyTimeoutMs, budget });
    if (!read.ok) {
      tally.count(read.reason, req.socket);
      refuse(res, read.status);
      return;
    }
    const { body } = read;
    const check = verifySlackSignature({
      signingSecret: options.signingSecret,
      body,
      signature: header(req, 'x-slack-signature'),
      timestamp: header(req, 'x-slack-request-timestamp'),
      nowMs: options.nowMs?.(),
    });
    if (!check.ok) {
      logger.warn({ reason: check.reason, ip: req.socket.remoteAddress }, 'refused an unverified Slack request');
      send(res, 401, 'text/plain', 'Unverified request');
      return;
    }
    const parsed = parseSlackBody(body, req.headers['content-type']);
    if (parsed?.type === 'url_verification') {
      // Slack checks the events URL with a signed challenge when it is set: answered here, nothing to dispatch.
      send(res, 200, 'application/json', JSON.stringify({ challenge: String(parsed.challenge ?? '') }));
      return;
    }
    const quick = parsed && buildQuickAck(parsed);
    if (parsed && quick) {
      // Acknowledge here and now; the handlers run after, once requests stop arriving.
      send(res, 200, 'application/json', JSON.stringify(quick));
      gate.run(() => options.dispatch(parsed).catch((error) => logger.error({ err: error }, 'handler failed after the acknowledgement')));
      return;
    }
    (req as http.IncomingMessage & { rawBody: Buffer }).rawBody = body;
    receiver.requestListener(req, res);
  };
  // Idle connections are closed after a few seconds: they are what an attacker holds open. Behind
  // a load balancer that reuses connections, keepAliveTimeoutMs goes above the balancer's own.
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        tally.stop();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** Refuses a request whose body was not (all) read, and closes its connection: what is left of the body is never read. */
function refuse(res: http.ServerResponse, status: number): void {
  const headers = { connection: 'close', 'content-length': 0, ...(status === 503 ? { 'retry-after': '1' } : {}) };
  res.writeHead(status, headers).end();
  res.once('finish', () => res.req.socket.destroySoon());
}

/** A form-encoded command or interaction (`payload=` JSON), or an Events API callback (JSON); null for anything else. */
function parseSlackBody(body: Buffer, contentType: string | undefined): Record<string, unknown> | null {
  if (contentType?.startsWith('application/json')) return parseJsonObject(body.toString('utf8'));
  if (!contentType?.startsWith('application/x-www-form-urlencoded')) return null;
  const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  if (typeof form.payload !== 'string') return form;
  return parseJsonObject(form.payload);
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Writes a whole response with its length (`writeHead` without one sends the body chunked). */
function send(res: http.ServerResponse, status: number, type: string, body: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Slack signs every request; one more than 5 minutes from now, either way, is refused (replays, skewed clocks). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySlackSignature(input: {
  signingSecret: string;
  body: Buffer | string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs?: number;
}): SignatureCheck {
  const { signingSecret, body, signature, timestamp } = input;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing or malformed X-Slack-Request-Timestamp' };
  const skew = Math.abs(Math.floor((input.nowMs ?? Date.now()) / 1000) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: `timestamp is ${skew} s away from now (more than ${MAX_CLOCK_SKEW_SECONDS} s)` };
  if (!signature || !/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'missing or malformed X-Slack-Signature' };
  const expected = `v0=${crypto.createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}

/**
 * The acknowledgement the HTTP front sends by itself, before Bolt or any query sees the request:
 * for slash commands the working note, for block actions and event callbacks an empty 200.
 * Undefined for anything else, which Bolt answers.
 */
export function buildQuickAck(body: Record<string, unknown>): object | undefined {
  if (typeof body.command === 'string' && typeof body.text === 'string') return buildWorkingNotice(body.command, body.text);
  const { type } = body as { type?: string };
  if (type === 'block_actions' || type === 'event_callback') return {};
  return undefined;
}
