/**
 * Reading a request body before anyone knows who sent it. Bodies are small (Slack's largest, a
 * click on a long answer, is tens of kilobytes), so the reader holds at most `maxBytes`, refuses
 * a declared length above it before reading a byte, stops at it while reading (chunked bodies
 * too), and gives up after `deadlineMs`. All bodies being read share one byte budget: beyond it a
 * request is turned away at once instead of being held in memory.
 */
import type http from 'node:http';

export type BodyRead =
  | { ok: true; body: Buffer }
  | { ok: false; status: 400 | 408 | 413 | 503; reason: 'bad length' | 'timeout' | 'too large' | 'over budget' | 'aborted' };

export interface ByteBudget {
  /** Takes `bytes` from the budget; false (and nothing taken) when that would exceed it. */
  take(bytes: number): boolean;
  give(bytes: number): void;
  readonly used: number;
}

export function createByteBudget(total: number): ByteBudget {
  let used = 0;
  return {
    take(bytes) {
      if (used + bytes > total) return false;
      used += bytes;
      return true;
    },
    give(bytes) {
      used -= bytes;
    },
    get used() {
      return used;
    },
  };
}

export interface BodyLimits {
  maxBytes: number;
  deadlineMs: number;
  budget: ByteBudget;
}

export async function readRequestBody(req: http.IncomingMessage, limits: BodyLimits): Promise<BodyRead> {
  const declaredHeader = req.headers['content-length'];
  const declared = declaredHeader === undefined ? null : /^\d{1,15}$/.test(declaredHeader) ? Number(declaredHeader) : Number.NaN;
  if (Number.isNaN(declared)) return { ok: false, status: 400, reason: 'bad length' };
  if (declared !== null && declared > limits.maxBytes) return { ok: false, status: 413, reason: 'too large' };
  // A chunked body may be as long as the limit: it holds that much of the budget while it is read.
  const reserved = declared ?? limits.maxBytes;
  if (!limits.budget.take(reserved)) return { ok: false, status: 503, reason: 'over budget' };
  try {
    return await collect(req, limits);
  } finally {
    limits.budget.give(reserved);
  }
}

/** The body's chunks, read by events (cheaper per request than `for await`). */
function collect(req: http.IncomingMessage, { maxBytes, deadlineMs }: BodyLimits): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyRead) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      // What comes after a refusal is not read: the socket is closed once the answer is out.
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return done({ ok: false, status: 413, reason: 'too large' });
      chunks.push(chunk);
    };
    const onEnd = () => done({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    const onAbort = () => done({ ok: false, status: 400, reason: 'aborted' });
    const timer = setTimeout(() => done({ ok: false, status: 408, reason: 'timeout' }), deadlineMs);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAbort);
    req.once('close', onAbort);
  });
}
