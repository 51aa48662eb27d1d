/**
 * The two pages of Slack's OAuth v2 install flow, served by @slack/oauth's InstallProvider with
 * this app's stores: `GET /slack/install` answers with the "Add to Slack" page (the link to
 * Slack's authorize URL with client_id, the bot scopes, redirect_uri when configured, and a state
 * from DatabaseStateStore, also set as a cookie); `GET /slack/oauth_redirect` checks the state
 * (the cookie of this browser, signature, 10 minutes, single use) before the code is exchanged
 * with `oauth.v2.access`, then stores the installation in SlackInstallations.
 *
 * InstallProvider writes to a response object; here it writes to a recorder, and the HTTP front
 * sends the recorded page whole, with its length. InstallProvider's own token refresh never runs:
 * the app authorizes requests through SlackInstallations, which hands out no refresh token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CodedError, ErrorCode, type Installation, InstallProvider, LogLevel, type Logger as SlackLogger } from '@slack/oauth';
import { ErrorCode as WebErrorCode } from '@slack/web-api';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { readWorkspaceBySlackTeam } from '../../stats/read-workspace.ts';
import { COMMAND_CLIENT_OPTIONS, SlackClient } from '../slack-client.ts';
import type { Page, PageHandler } from '../start-http-server.ts';
import { DatabaseStateStore } from './database-state-store.ts';
import { type InstalledPage, renderFailurePage, renderInstalledPage, renderInstallPage, type ServedTeam } from './install-pages.ts';
import { INSTALL_PATH, OAUTH_REDIRECT_PATH } from './install-paths.ts';
import type { SlackInstallations } from './slack-installations.ts';

export interface InstallRoutesOptions {
  db: Knex;
  installations: SlackInstallations;
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Sent as `redirect_uri` with the link and the exchange; unset, Slack uses the app's one redirect URL. */
  redirectUri: string | undefined;
  /** The bot scopes asked for: those of manifest.yml. */
  scopes: readonly string[];
  /** Where `oauth.v2.access` and `auth.test` are called (SLACK_API_URL); default Slack's. */
  slackApiUrl: string | undefined;
  logger: Logger;
}

const HTML = 'text/html; charset=utf-8';
/** Pages about one browser's install: not to be cached by anyone. */
const PRIVATE = { 'cache-control': 'no-store' };

/** The install routes, by path, for the HTTP front. */
export function createInstallRoutes(options: InstallRoutesOptions): Record<string, PageHandler> {
  const { logger, installations } = options;
  const provider = new InstallProvider({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    stateStore: new DatabaseStateStore({ db: options.db, secret: options.stateSecret }),
    installationStore: installations,
    installUrlOptions: { scopes: [...options.scopes], ...(options.redirectUri ? { redirectUri: options.redirectUri } : {}) },
    renderHtmlForInstallPath: renderInstallPage,
    directInstall: false,
    logger: createOAuthLogger(logger),
    clientOptions: { ...COMMAND_CLIENT_OPTIONS, timeout: 10_000, ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}) },
  });

  const install: PageHandler = async (req) => {
    const recorder = new PageRecorder();
    try {
      await provider.handleInstallPath(req, recorder.response);
    } catch (error) {
      logger.error({ err: error }, 'could not start an installation');
      return failurePage(500, 'The install link could not be made just now. Please try again in a minute.');
    }
    return recorder.page();
  };

  const redirect: PageHandler = async (req) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const refused = query.get('error');
    if (refused !== null) {
      logger.info({ error: refused.slice(0, 64) }, 'an installation was not approved in Slack');
      const reason =
        refused === 'access_denied'
          ? 'The installation was cancelled in Slack (access was not allowed).'
          : `Slack ended the installation with an error (${refused.slice(0, 64)}).`;
      return failurePage(400, `${reason} To install miniapp-stats, start again and choose "Allow".`);
    }
    const recorder = new PageRecorder();
    await provider.handleCallback(req, recorder.response, {
      successAsync: async (installation) => {
        recorder.setPage({ status: 200, contentType: HTML, body: renderInstalledPage(await describeInstalled(options, installation)) });
      },
      failureAsync: async (error) => {
        const [status, reason] = explainFailure(error);
        if (status >= 500) logger.error({ err: error, code: error.code }, 'an installation failed');
        else logger.warn({ code: error.code, reason }, 'refused an installation callback');
        recorder.setPage(failurePage(status, reason));
      },
    });
    return recorder.page();
  };

  return { [INSTALL_PATH]: install, [OAUTH_REDIRECT_PATH]: redirect };
}

function failurePage(status: number, reason: string): Page {
  return { status, contentType: HTML, headers: PRIVATE, body: renderFailurePage(reason) };
}

/** Why the callback failed, for the person in the browser, with its status: 4xx for a request to start again, 5xx for our side. */
function explainFailure(error: CodedError): [number, string] {
  switch (error.code) {
    case ErrorCode.MissingStateError:
    case ErrorCode.MissingCodeError:
      return [400, 'This address is the end of an installation started from the install page, and it came without its code or state.'];
    case ErrorCode.InvalidStateError:
      return [
        400,
        error.message === 'The state parameter is not for this browser session.'
          ? 'This installation was started in another browser, or its cookie is gone: start it again and finish it in the same browser.'
          : error.message,
      ];
    case ErrorCode.AuthorizationError:
      return [400, 'The installation was cancelled in Slack (access was not allowed).'];
    case WebErrorCode.PlatformError: {
      const code = (error as CodedError & { data?: { error?: string } }).data?.error ?? 'error';
      if (code === 'invalid_code' || code === 'code_already_used' || code === 'bad_redirect_uri' || code === 'code_expired') {
        return [400, `Slack did not accept this installation's authorization code (${code}).`];
      }
      return [
        502,
        `Slack refused to complete the installation (${code}). If it happens again, tell the operator of miniapp-stats: the app's client id and secret may be wrong.`,
      ];
    }
    case WebErrorCode.RequestError:
    case WebErrorCode.HTTPError:
      return [502, 'Slack could not be reached to complete the installation. Please try again in a minute.'];
    default:
      return [500, 'The installation could not be stored (the database may be unreachable). Please try again in a minute.'];
  }
}

/** What the installed page says: the workspace or organisation, and which tenant workspaces it serves. */
async function describeInstalled(options: InstallRoutesOptions, installation: Installation): Promise<InstalledPage> {
  const { db, logger } = options;
  const serve = async (teamId: string, teamName: string | null): Promise<ServedTeam> => ({
    teamId,
    teamName,
    workspaceName: (await readWorkspaceBySlackTeam(db, teamId))?.name ?? null,
  });
  if (!installation.isEnterpriseInstall) {
    const team = installation.team!;
    return { kind: 'workspace', id: team.id, name: team.name ?? null, appId: installation.appId ?? null, teams: [await serve(team.id, team.name ?? null)] };
  }
  const enterprise = installation.enterprise!;
  let teams: { id: string; name?: string }[] = [];
  try {
    // An org-wide install names no workspace: ask which ones it was given, so background work finds them.
    const slack = SlackClient.forBackground(installation.bot!.token, { slackApiUrl: options.slackApiUrl });
    teams = await slack.listTeams();
    for (const team of teams) await options.installations.rememberTeamEnterprise(team.id, enterprise.id);
  } catch (error) {
    logger.warn({ err: error, enterprise: enterprise.id }, 'could not list the workspaces of an org-wide installation');
  }
  return {
    kind: 'organisation',
    id: enterprise.id,
    name: enterprise.name ?? null,
    appId: installation.appId ?? null,
    teams: await Promise.all(teams.map((team) => serve(team.id, team.name ?? null))),
  };
}

/**
 * Collects what InstallProvider writes (status, headers such as the state cookie, body) so the
 * front can send it whole. Only the four methods InstallProvider uses exist.
 */
class PageRecorder {
  #status = 200;
  #headers: Record<string, string | string[]> = {};
  #body = '';
  #page: Page | undefined;

  readonly response = {
    getHeader: (name: string) => this.#headers[name.toLowerCase()],
    setHeader: (name: string, value: string | string[]) => {
      this.#headers[name.toLowerCase()] = value;
      return this.response;
    },
    writeHead: (status: number) => {
      this.#status = status;
      return this.response;
    },
    end: (body?: string) => {
      this.#body += body ?? '';
      return this.response;
    },
  } as unknown as ServerResponse<IncomingMessage>;

  setPage(page: Page): void {
    this.#page = page;
  }

  /** The page as written, with the headers InstallProvider set (its state cookie). */
  page(): Page {
    const { 'content-type': type, 'content-length': _length, ...headers } = this.#headers;
    const page = this.#page ?? { status: this.#status, contentType: String(type ?? HTML), body: this.#body };
    return { ...page, headers: { ...PRIVATE, ...headers, ...page.headers } };
  }
}

/** InstallProvider's logger on the app's: no debug lines (they would show the code exchange's form), errors by message. */
function createOAuthLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'oauth' });
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug: () => undefined,
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    // InstallProvider reports every refused callback as an error; the routes log the real failures themselves.
    error: (...msg) => child.warn(text(msg)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
