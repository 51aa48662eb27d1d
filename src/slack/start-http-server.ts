import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { buildQuickAck } from './build-quick-ack.ts';
import { createQuietGate } from './create-quiet-gate.ts';
import { readRequestBody } from './read-request-body.ts';
import { verifySlackSignature } from './verify-slack-signature.ts';

export const EVENTS_PATH = '/slack/events';

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
}

export interface RunningHttpServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/**
 * The app's HTTP front: `GET /healthz`, and `POST /slack/events` for commands, interactivity and
 * events. Every Slack request is verified here (signature, and a timestamp within 5 minutes in
 * either direction) before Bolt sees it; Bolt then checks it again and routes it.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { receiver, logger } = options;
  const gate = createQuietGate();
  const server = http.createServer((req, res) => {
    gate.touch();
    handle(req, res).catch((error) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const healthy = await options.checkHealth().catch(() => false);
      send(res, healthy ? 200 : 503, 'application/json', JSON.stringify({ status: healthy ? 'ok' : 'database unreachable' }));
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
    const body = await readRequestBody(req);
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
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
  // Keep idle connections longer than the usual 60 s of a load balancer or proxy in front, so
  // that the server never closes one just as the other side sends a request on it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A form-encoded command or interaction (`payload=` JSON); null for anything else. */
function parseSlackBody(body: Buffer, contentType: string | undefined): Record<string, unknown> | null {
  if (!contentType?.startsWith('application/x-www-form-urlencoded')) return null;
  const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  if (typeof form.payload !== 'string') return form;
  try {
    return JSON.parse(form.payload) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Writes a whole response with its length (`writeHead` without one sends the body chunked). */
function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
