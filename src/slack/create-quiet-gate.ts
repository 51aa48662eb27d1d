/**
 * Holds work back while requests are arriving: `run` jobs start once no request has come for
 * `quietMs` (or once the oldest has waited `maxDelayMs`, so a steady stream cannot starve them).
 * The HTTP front acknowledges every request of a burst first and starts the work behind them
 * after, so no acknowledgement waits behind a query or a chart of an earlier command.
 */
export function createQuietGate({ quietMs = 2, maxDelayMs = 500 }: { quietMs?: number; maxDelayMs?: number } = {}) {
  let lastRequest = -Infinity;
  // biome-ignore lint/correctness/noUnusedVariables: read by `??=`, which starts one timer at a time
  let timer: NodeJS.Timeout | undefined;
  const waiting: { job: () => void; since: number }[] = [];
  const release = () => {
    timer = undefined;
    const now = performance.now();
    const quietFor = now - lastRequest;
    if (quietFor < quietMs && now - waiting[0]!.since < maxDelayMs) {
      timer = setTimeout(release, Math.max(1, quietMs - quietFor));
      return;
    }
    for (const { job } of waiting.splice(0)) job();
  };
  return {
    /** A request arrived. */
    touch(): void {
      lastRequest = performance.now();
    },
    run(job: () => void): void {
      waiting.push({ job, since: performance.now() });
      timer ??= setTimeout(release, quietMs);
    },
    get waiting(): number {
      return waiting.length;
    },
  };
}
