/** Median of a list of numbers. */
export function computeMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function computePercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs `work` once to warm up, then `runs` times; returns the median in milliseconds. Work that
 * takes longer than `slowMs` is timed once (the warm-up counts), so slow direct queries at 30M
 * rows keep the bench within its time.
 */
export async function timeMedian(work: () => Promise<unknown>, runs: number, slowMs = 5000): Promise<number> {
  const first = performance.now();
  await work();
  const warmUp = performance.now() - first;
  if (warmUp > slowMs) return warmUp;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return computeMedian(times);
}
