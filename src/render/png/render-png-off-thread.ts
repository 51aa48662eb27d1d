import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';

type Reply = { ready: true } | { id: number; png: Uint8Array } | { id: number; error: string };

interface Pending {
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
}

/**
 * renderPng on a thread of its own: vega's layout and the SVG take 10–40 ms of CPU per chart,
 * which on the main thread would hold up the acknowledgement of every Slack request arriving
 * meanwhile. Requests queue on one thread (sharp then uses libuv's pool). A thread that dies is
 * started again for the next chart; the charts it held fail with a message.
 */
export class PngRenderThread {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  render(spec: TopLevelSpec): Promise<Buffer> {
    this.#worker ??= this.#start();
    const worker = this.#worker;
    const id = this.#nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, spec });
      worker.ref();
    }).finally(() => {
      if (this.#pending.size === 0) this.#worker?.unref();
    });
  }

  /** Stops the thread (it starts again on the next chart). */
  async stop(): Promise<void> {
    const stopping = this.#worker;
    this.#worker = undefined;
    await stopping?.terminate();
  }

  #start(): Worker {
    const started = new Worker(new URL('./png-worker.mjs', import.meta.url));
    started.on('message', (reply: Reply) => {
      if ('ready' in reply) return;
      const waiting = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(`chart rendering failed: ${reply.error}`));
      else waiting?.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    });
    const fail = (error: Error) => {
      if (this.#worker === started) this.#worker = undefined;
      for (const [id, waiting] of this.#pending) {
        this.#pending.delete(id);
        waiting.reject(new Error(`chart rendering stopped: ${error.message}`));
      }
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`the rendering thread exited (code ${code})`)));
    // An idle rendering thread does not keep the process alive.
    started.unref();
    return started;
  }
}

/** The process's rendering thread, shared by every answer. */
const sharedThread = new PngRenderThread();

/** Renders a chart on the process's rendering thread. */
export function renderPngOffThread(spec: TopLevelSpec): Promise<Buffer> {
  return sharedThread.render(spec);
}

/** Stops the process's rendering thread (it starts again on the next chart). */
export function stopPngThread(): Promise<void> {
  return sharedThread.stop();
}
