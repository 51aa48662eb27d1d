import { ErrorCode } from '@slack/web-api';

export interface SlackCallPolicy {
  /** The longest total time to wait for rate limits before giving up. */
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** On the command path callers must hear back within seconds. */
export const COMMAND_PATH_POLICY: SlackCallPolicy = { maxWaitMs: 10_000 };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls the Web API, waiting as long as Slack's Retry-After says when rate limited, up to the
 * policy's budget (the client itself rejects rate-limited calls instead of waiting unboundedly).
 */
export async function callSlack<T>(call: () => Promise<T>, policy: SlackCallPolicy = COMMAND_PATH_POLICY): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep;
  let waited = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const retryAfterSeconds = rateLimitDelay(error);
      if (retryAfterSeconds === null) throw error;
      const delay = Math.max(retryAfterSeconds, 1) * 1000;
      if (waited + delay > policy.maxWaitMs) throw error;
      waited += delay;
      await sleep(delay);
    }
  }
}

/** Seconds Slack asked us to wait, or null when the error is not a rate limit. */
export function rateLimitDelay(error: unknown): number | null {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string } } | null;
  if (e?.code === ErrorCode.RateLimitedError) return e.retryAfter ?? 1;
  if (e?.code === ErrorCode.PlatformError && e.data?.error === 'ratelimited') return 1;
  return null;
}

/** The Slack error code of a failed Web API call (e.g. not_in_channel), or null. */
export function slackErrorCode(error: unknown): string | null {
  const e = error as { code?: string; data?: { error?: string } } | null;
  return e?.code === ErrorCode.PlatformError ? (e.data?.error ?? null) : null;
}
