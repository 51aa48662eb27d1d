// The chart-rendering thread: loads the TypeScript sources through tsx (whatever started the
// parent), then renders each spec it is sent with renderPng.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderPng } = await import('./render-png.ts');
parentPort.on('message', async ({ id, spec }) => {
  try {
    const png = await renderPng(spec);
    const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength).slice();
    parentPort.postMessage({ id, png: bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
