/**
 * Runs at most `concurrency` jobs at a time, the rest in arrival order. The work behind Slack
 * acknowledgements (queries, charts, uploads) goes through one, so a burst of commands cannot
 * keep the event loop from acknowledging the next request within Slack's 3 seconds.
 */
export function createWorkQueue(concurrency: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    if (running >= concurrency) return;
    const start = waiting.shift();
    if (start) {
      running++;
      start();
    }
  };
  return {
    run<T>(job: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          job()
            .then(resolve, reject)
            .finally(() => {
              running--;
              next();
            });
        });
        next();
      });
    },
    get pending() {
      return waiting.length + running;
    },
  };
}

export type WorkQueue = ReturnType<typeof createWorkQueue>;
