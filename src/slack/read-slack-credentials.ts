import type { EnvOptions } from '../config/read-env-options.ts';
import { ConfigError } from '../domain/errors.ts';

export interface SlackCredentials {
  mode: 'socket' | 'http';
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
}

/** The Slack credentials `serve` needs; every missing or malformed variable is named in one error. */
export function readSlackCredentials(options: EnvOptions): SlackCredentials {
  const problems: string[] = [];
  const mode = options.slackAppToken ? 'socket' : 'http';
  if (!options.slackBotToken) problems.push('SLACK_BOT_TOKEN is not set (the bot token, xoxb-…, from the app\'s "OAuth & Permissions" page)');
  else if (!/^xoxb-[\w-]+$/.test(options.slackBotToken)) problems.push('SLACK_BOT_TOKEN is malformed: a bot token starts with xoxb-');
  if (mode === 'http') {
    if (!options.slackSigningSecret) problems.push('SLACK_SIGNING_SECRET is not set (from the app\'s "Basic Information" page; needed in HTTP mode)');
    else if (!/^[0-9a-zA-Z]{16,}$/.test(options.slackSigningSecret))
      problems.push('SLACK_SIGNING_SECRET is malformed: it is a string of letters and digits (32 hex characters)');
  } else if (!/^xapp-[\w-]+$/.test(options.slackAppToken!)) {
    problems.push('SLACK_APP_TOKEN is malformed: an app-level token for Socket Mode starts with xapp-');
  }
  if (options.slackApiUrl && !/^https?:\/\//.test(options.slackApiUrl)) problems.push('SLACK_API_URL must be an http(s) URL, e.g. https://slack.com/api/');
  if (problems.length) throw new ConfigError(`Cannot start the Slack app:\n  - ${problems.join('\n  - ')}`);
  return { mode, botToken: options.slackBotToken!, signingSecret: options.slackSigningSecret, appToken: options.slackAppToken };
}
