/**
 * Marks a promise that is awaited later (after other work has started) as handled now, so that a
 * failure meanwhile is not reported as unhandled; awaiting it still throws. Returns the promise.
 */
export function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
