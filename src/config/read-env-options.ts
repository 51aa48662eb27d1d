import path from 'node:path';
import { ConfigError } from '../domain/errors.ts';

export interface EnvOptions {
  /** `mysql://user:pass@host:port/db` or `sqlite:<path>`. */
  databaseUrl: string;
  slackBotToken: string | undefined;
  slackSigningSecret: string | undefined;
  slackAppToken: string | undefined;
  /** Distributed mode (many Slack workspaces through OAuth): the app's client id and secret, the OAuth state secret. */
  slackClientId: string | undefined;
  slackClientSecret: string | undefined;
  slackStateSecret: string | undefined;
  /** The OAuth redirect URL sent with the install link (optional: Slack uses the app's only one when unset). */
  slackRedirectUri: string | undefined;
  /** MINIAPP_STATS_TOKEN_KEY as given: the key the installations' tokens are encrypted with (read by the Slack layer). */
  tokenKey: string | undefined;
  /** Base URL of the Slack Web API, ending with `/`. */
  slackApiUrl: string | undefined;
  port: number;
  /** HTTP_MAX_CONNECTIONS: connections the HTTP front keeps open at most (default: from the open-file limit). */
  httpMaxConnections: number | undefined;
  /** HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: how long an idle keep-alive connection is kept (default 5). */
  httpKeepAliveSeconds: number | undefined;
  logLevel: string;
  /** Where the console writes charts and workbooks. */
  outputDir: string;
}

export const DEFAULT_SQLITE_FILE = 'data/miniapp-stats.sqlite';

/** Reads the process configuration once; everything else receives it as an argument. */
export function readEnvOptions(env: NodeJS.ProcessEnv = process.env): EnvOptions {
  const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const port = blank(env.PORT) ?? '3000';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    throw new ConfigError(`PORT must be a TCP port number (1-65535), got "${port}".`);
  }
  const apiUrl = blank(env.SLACK_API_URL);
  const count = (name: string, max: number): number | undefined => {
    const value = blank(env[name]);
    if (value === undefined) return undefined;
    if (!/^\d{1,9}$/.test(value) || Number(value) < 1 || Number(value) > max)
      throw new ConfigError(`${name} must be a whole number from 1 to ${max}, got "${value}".`);
    return Number(value);
  };
  return {
    databaseUrl: blank(env.DATABASE_URL) ?? `sqlite:${path.resolve(DEFAULT_SQLITE_FILE)}`,
    slackBotToken: blank(env.SLACK_BOT_TOKEN),
    slackSigningSecret: blank(env.SLACK_SIGNING_SECRET),
    slackAppToken: blank(env.SLACK_APP_TOKEN),
    slackClientId: blank(env.SLACK_CLIENT_ID),
    slackClientSecret: blank(env.SLACK_CLIENT_SECRET),
    slackStateSecret: blank(env.SLACK_STATE_SECRET),
    slackRedirectUri: blank(env.SLACK_REDIRECT_URI),
    tokenKey: blank(env.MINIAPP_STATS_TOKEN_KEY),
    slackApiUrl: apiUrl === undefined ? undefined : apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    port: Number(port),
    httpMaxConnections: count('HTTP_MAX_CONNECTIONS', 1_000_000),
    httpKeepAliveSeconds: count('HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', 3600),
    logLevel: blank(env.LOG_LEVEL) ?? 'info',
    outputDir: path.resolve(blank(env.MINIAPP_STATS_OUTPUT) ?? 'out'),
  };
}
