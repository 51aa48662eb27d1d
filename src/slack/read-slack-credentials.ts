import type { EnvOptions } from '../config/read-env-options.ts';
import { ConfigError } from '../domain/errors.ts';
import { OAUTH_REDIRECT_PATH } from './installations/install-paths.ts';
import { describeTokenKeyProblem, TOKEN_KEY_VARIABLE, TokenCipher } from './installations/token-cipher.ts';

/** One Slack workspace, with its bot token: Socket Mode (SLACK_APP_TOKEN) or HTTP. */
export interface SlackCredentials {
  mode: 'socket' | 'http';
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
}

/** Many Slack workspaces, each installing through OAuth (HTTP only), their tokens stored encrypted. */
export interface DistributedSlackCredentials {
  mode: 'distributed';
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  signingSecret: string;
  /** SLACK_REDIRECT_URI: sent as `redirect_uri` with the install link and the code exchange; unset, Slack uses the app's one redirect URL. */
  redirectUri: string | undefined;
  /** Encrypts the installations' tokens with MINIAPP_STATS_TOKEN_KEY (it prints as its key id only). */
  tokenCipher: TokenCipher;
}

export type SlackSetup = SlackCredentials | DistributedSlackCredentials;

const DISTRIBUTED_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET', TOKEN_KEY_VARIABLE] as const;
const MIN_STATE_SECRET_LENGTH = 32;

/**
 * The Slack credentials `serve` needs, for one workspace or for many. SLACK_BOT_TOKEN set: one
 * workspace, exactly as before (the OAuth variables are not read). SLACK_BOT_TOKEN unset and any
 * of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, MINIAPP_STATS_TOKEN_KEY or
 * SLACK_REDIRECT_URI set: the distributed mode, which needs all five of its variables (the
 * redirect URL is optional) and HTTP. Every missing or malformed variable is named in one
 * ConfigError.
 */
export function readSlackSetup(options: EnvOptions): SlackSetup {
  const distributed =
    !options.slackBotToken &&
    Boolean(options.slackClientId || options.slackClientSecret || options.slackStateSecret || options.tokenKey || options.slackRedirectUri);
  return distributed ? readDistributedCredentials(options) : readSingleWorkspaceCredentials(options);
}

function readSingleWorkspaceCredentials(options: EnvOptions): SlackCredentials {
  const problems: string[] = [];
  const mode = options.slackAppToken ? 'socket' : 'http';
  if (!options.slackBotToken) {
    problems.push(
      `SLACK_BOT_TOKEN is not set (the bot token, xoxb-…, from the app's "OAuth & Permissions" page; to serve many workspaces, set ${DISTRIBUTED_VARIABLES.join(', ')} instead)`,
    );
  } else if (/^xoxe\.xoxb-/.test(options.slackBotToken)) {
    problems.push(
      'SLACK_BOT_TOKEN is a rotating token (xoxe.xoxb-…): it expires after 12 hours and one workspace mode cannot refresh it. Create the app with token_rotation_enabled: false, or serve many workspaces (SLACK_CLIENT_ID, …), which refreshes tokens',
    );
  } else if (!/^xoxb-[\w-]+$/.test(options.slackBotToken)) problems.push('SLACK_BOT_TOKEN is malformed: a bot token starts with xoxb-');
  if (mode === 'http') checkSigningSecret(options, problems, 'needed in HTTP mode');
  else if (!/^xapp-[\w-]+$/.test(options.slackAppToken!)) {
    problems.push('SLACK_APP_TOKEN is malformed: an app-level token for Socket Mode starts with xapp-');
  }
  checkApiUrl(options, problems);
  if (problems.length) throw credentialsError(problems);
  return { mode, botToken: options.slackBotToken!, signingSecret: options.slackSigningSecret, appToken: options.slackAppToken };
}

function readDistributedCredentials(options: EnvOptions): DistributedSlackCredentials {
  const problems: string[] = [];
  if (!options.slackClientId) problems.push('SLACK_CLIENT_ID is not set (the Client ID, from the app\'s "Basic Information" page)');
  else if (!/^\d+\.\d+$/.test(options.slackClientId))
    problems.push('SLACK_CLIENT_ID is malformed: a client ID is two numbers joined by a dot, e.g. 1234567890.1234567890123');
  if (!options.slackClientSecret) problems.push('SLACK_CLIENT_SECRET is not set (the Client Secret, from the app\'s "Basic Information" page)');
  else if (!/^[0-9a-zA-Z]{16,}$/.test(options.slackClientSecret))
    problems.push('SLACK_CLIENT_SECRET is malformed: it is a string of letters and digits (32 hex characters)');
  if (!options.slackStateSecret) {
    problems.push(
      `SLACK_STATE_SECRET is not set (a random secret of yours, at least ${MIN_STATE_SECRET_LENGTH} characters, e.g. \`openssl rand -hex 32\`; it signs the install links)`,
    );
  } else if (options.slackStateSecret.length < MIN_STATE_SECRET_LENGTH) {
    problems.push(
      `SLACK_STATE_SECRET is too short: use at least ${MIN_STATE_SECRET_LENGTH} random characters, e.g. \`openssl rand -hex 32\` (the value given has ${options.slackStateSecret.length})`,
    );
  }
  checkSigningSecret(options, problems, 'every request from Slack is verified with it');
  let tokenCipher: TokenCipher | undefined;
  if (!options.tokenKey) {
    problems.push(
      `${TOKEN_KEY_VARIABLE} is not set (32 random bytes as 64 hex characters or base64, e.g. \`openssl rand -hex 32\`; it encrypts the stored Slack tokens: keep it secret, and the same on every replica)`,
    );
  } else {
    const problem = describeTokenKeyProblem(options.tokenKey);
    if (problem) problems.push(problem);
    else tokenCipher = TokenCipher.fromKeyText(options.tokenKey);
  }
  if (options.slackAppToken) {
    problems.push(
      'SLACK_APP_TOKEN is set, but Socket Mode is not for an app installed in many workspaces (Slack requires HTTP there): unset it, the app serves HTTP on PORT',
    );
  }
  if (options.slackRedirectUri) {
    const url = URL.canParse(options.slackRedirectUri) ? new URL(options.slackRedirectUri) : null;
    if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== OAUTH_REDIRECT_PATH || url.search || url.hash) {
      problems.push(
        `SLACK_REDIRECT_URI is malformed: it is the public URL of this app's ${OAUTH_REDIRECT_PATH}, e.g. https://miniapp-stats.example.com${OAUTH_REDIRECT_PATH}, as listed in the app's redirect URLs`,
      );
    }
  }
  checkApiUrl(options, problems);
  if (problems.length) throw credentialsError(problems);
  return {
    mode: 'distributed',
    clientId: options.slackClientId!,
    clientSecret: options.slackClientSecret!,
    stateSecret: options.slackStateSecret!,
    signingSecret: options.slackSigningSecret!,
    redirectUri: options.slackRedirectUri,
    tokenCipher: tokenCipher!,
  };
}

function checkSigningSecret(options: EnvOptions, problems: string[], why: string): void {
  if (!options.slackSigningSecret) problems.push(`SLACK_SIGNING_SECRET is not set (from the app's "Basic Information" page; ${why})`);
  else if (!/^[0-9a-zA-Z]{16,}$/.test(options.slackSigningSecret)) {
    problems.push('SLACK_SIGNING_SECRET is malformed: it is a string of letters and digits (32 hex characters)');
  }
}

function checkApiUrl(options: EnvOptions, problems: string[]): void {
  if (options.slackApiUrl && !/^https?:\/\//.test(options.slackApiUrl)) problems.push('SLACK_API_URL must be an http(s) URL, e.g. https://slack.com/api/');
}

function credentialsError(problems: string[]): ConfigError {
  return new ConfigError(`Cannot start the Slack app:\n  - ${problems.join('\n  - ')}`);
}
