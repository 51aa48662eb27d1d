import { isDatabaseUnavailable } from '../cli/describe-failure.ts';
import { rateLimitDelay, slackErrorCode } from './slack-client.ts';

/** What the person in Slack is told when their command could not be answered. Never a stack trace. */
export function describeSlackFailure(error: unknown, commandText: string): string {
  const shown = `\`${commandText.slice(0, 200)}\``;
  if (isDatabaseUnavailable(error)) {
    return `The analytics database is not reachable right now, so ${shown} was not answered. Nothing was changed; please try again in a minute.`;
  }
  const retry = rateLimitDelay(error);
  if (retry !== null) return `Slack asked me to slow down (retry in ${retry} s), so ${shown} was not answered. Please try again shortly.`;
  const code = slackErrorCode(error);
  if (code) return `Slack refused my answer to ${shown} (${code}). Please try again; if it persists, tell a workspace admin.`;
  return `Something went wrong while answering ${shown}. It has been logged; please try again.`;
}
