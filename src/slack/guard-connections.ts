/**
 * The connections of the HTTP front. Their number is capped (`maxConnections`); a connection with
 * no request under way (one that has sent no complete headers yet, or a keep-alive one between
 * requests) is idle, and when the cap comes near, the longest idle is closed to make room. So
 * thousands of sockets held open and silent cannot keep a load balancer's health check or
 * Slack's next request out: they only push each other out.
 *
 * Requests the front drops (aborted by the client, malformed, too slow, too large, over the
 * budget, evicted) are counted, and the counts logged as one line per interval, never a line
 * (or a stack trace) per socket.
 */
import fs from 'node:fs';
import type http from 'node:http';
import type net from 'node:net';
import type { Logger } from 'pino';

/**
 * Half the process's limit of open files (the rest is for the database pool, Slack calls and
 * files), at most 1,024, at least 64; 1,024 where the limit cannot be read (not Linux).
 */
export function readDefaultMaxConnections(limitsFile = '/proc/self/limits'): number {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(fs.readFileSync(limitsFile, 'utf8'));
    if (!line || line[1] === 'unlimited') return 1024;
    return Math.max(64, Math.min(1024, Math.floor(Number(line[1]) / 2)));
  } catch {
    return 1024;
  }
}

export interface DropTally {
  /** Counts a dropped request, once per socket when one is given (Node and the reader may both see an abort). */
  count(reason: string, socket?: net.Socket): void;
  stop(): void;
}

/** Counts dropped requests by reason; logs the counts once per interval when there were any. */
export function createDropTally(logger: Logger, intervalMs: number): DropTally {
  let counts = new Map<string, number>();
  const timer = setInterval(() => {
    if (counts.size === 0) return;
    const dropped = Object.fromEntries(counts);
    counts = new Map();
    logger.warn({ dropped, seconds: intervalMs / 1000 }, 'HTTP requests dropped by the front');
  }, intervalMs);
  timer.unref();
  const counted = new WeakSet<net.Socket>();
  return {
    count(reason, socket) {
      if (socket) {
        if (counted.has(socket)) return;
        counted.add(socket);
      }
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

export interface ConnectionGuard {
  /** Connections open now. */
  readonly open: number;
  /** Connections open now with no request under way. */
  readonly idle: number;
}

export function guardConnections(server: http.Server, maxConnections: number, tally: DropTally): ConnectionGuard {
  const open = new Set<net.Socket>();
  // Insertion order is idle order: the first is the one idle the longest.
  const idle = new Set<net.Socket>();
  // Room kept free below the cap, so that a new connection finds a place while idle ones are closed.
  const headroom = Math.max(1, Math.floor(maxConnections / 20));
  server.maxConnections = maxConnections;
  server.on('drop', () => tally.count('over maxConnections'));
  server.on('connection', (socket: net.Socket) => {
    open.add(socket);
    idle.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      idle.delete(socket);
    });
    while (open.size > maxConnections - headroom) {
      const oldest = idle.values().next().value as net.Socket | undefined;
      if (!oldest || oldest === socket) break;
      idle.delete(oldest);
      open.delete(oldest);
      oldest.destroy();
      tally.count('idle connection closed for room', oldest);
    }
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const { socket } = req;
    idle.delete(socket);
    res.once('close', () => {
      if (!socket.destroyed && open.has(socket)) idle.add(socket);
    });
  });
  return {
    get open() {
      return open.size;
    },
    get idle() {
      return idle.size;
    },
  };
}

/** Node's answer to a request it could not parse or that took too long, counted instead of logged. */
export function answerClientErrors(server: http.Server, tally: DropTally): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: net.Socket) => {
    const code = error.code ?? 'unknown';
    const aborted = code === 'ECONNRESET' || code === 'HPE_INVALID_EOF_STATE';
    tally.count(code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'timeout' : aborted ? 'aborted' : `malformed (${code})`, socket);
    if (socket.writable && !aborted) {
      const status =
        code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : code === 'HPE_HEADER_OVERFLOW'
            ? '431 Request Header Fields Too Large'
            : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  });
}
