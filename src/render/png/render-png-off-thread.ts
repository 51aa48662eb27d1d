import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';

type Reply = { ready: true } | { id: number; png: Uint8Array } | { id: number; error: string };

interface Pending {
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function startWorker(): Worker {
  const started = new Worker(new URL('./png-worker.mjs', import.meta.url));
  started.on('message', (reply: Reply) => {
    if ('ready' in reply) return;
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) waiting?.reject(new Error(`chart rendering failed: ${reply.error}`));
    else waiting?.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
  });
  const fail = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(new Error(`chart rendering stopped: ${error.message}`));
    }
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`the rendering thread exited (code ${code})`)));
  // An idle rendering thread does not keep the process alive.
  started.unref();
  return started;
}

/**
 * renderPng on a thread of its own: vega's layout and the SVG take 10–40 ms of CPU per chart,
 * which on the main thread would hold up the acknowledgement of every Slack request arriving
 * meanwhile. Requests queue on one thread (sharp then uses libuv's pool). A thread that dies is
 * started again for the next chart; the charts it held fail with a message.
 */
export function renderPngOffThread(spec: TopLevelSpec): Promise<Buffer> {
  worker ??= startWorker();
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage({ id, spec });
    worker!.ref();
  }).finally(() => {
    if (pending.size === 0) worker?.unref();
  });
}

/** Stops the rendering thread (it starts again on the next chart). */
export async function stopPngThread(): Promise<void> {
  const stopping = worker;
  worker = undefined;
  await stopping?.terminate();
}
