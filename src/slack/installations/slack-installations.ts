import type { AuthorizeResult, AuthorizeSourceData } from '@slack/bolt';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/database.ts';
import { InstallationUnavailableError, notInstalled } from './installation-errors.ts';
import type { InstallationLogger } from './installation-logger.ts';
import {
  findServingInstallation,
  INSTALLATIONS_TABLE,
  type InstallationKey,
  type InstallationRow,
  type InstallationStatus,
  listInstallationRows,
  openBotToken,
  openRefreshToken,
  readInstallationByKey,
  refOf,
  rememberTeamEnterprise,
  tokenContext,
  withoutTokens,
} from './installation-rows.ts';
import type { TokenCipher } from './token-cipher.ts';
import { createSlackTokenRefresher, TokenRotation, type TokenRotationOptions } from './token-rotation.ts';

/** A bot token that may be used now for one Slack workspace, and whose installation it comes from. */
export interface BotAuthorization {
  installationId: number;
  /** The workspace served (for an org-wide installation: the workspace asked for). */
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
  botToken: string;
  botId: string | undefined;
  botUserId: string | undefined;
  appId: string | undefined;
  scopes: string[];
  /** When the token expires (epoch ms); undefined for a token that does not. */
  expiresAtMs: number | undefined;
}

/** How a workspace stands: `not_installed` when no installation serves it. */
export interface TeamInstallationState {
  status: InstallationStatus | 'not_installed';
  /** e.g. app_uninstalled, tokens_revoked, invalid_refresh_token. */
  reason: string | null;
  /** When it became so (epoch ms); null when not installed. */
  sinceMs: number | null;
  isEnterpriseInstall: boolean;
}

/** One installation as an operator sees it: no token, but whether the configured key opens its tokens. */
export interface InstallationSummary {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
  teamName: string | null;
  status: InstallationStatus;
  statusReason: string | null;
  rotating: boolean;
  expiresAtMs: number | null;
  installedAtMs: number;
  updatedAtMs: number;
  /** false: the tokens do not open with MINIAPP_STATS_TOKEN_KEY (such an installation is never used). */
  tokensReadable: boolean | null;
}

/** Which installation to revoke: a workspace's own, or (isEnterpriseInstall) an organisation's org-wide one. */
export interface InstallationTarget {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

export interface SlackInstallationsOptions {
  db: Knex;
  cipher: TokenCipher;
  /** Keeps rotating tokens fresh; without it, tokens are used as stored (apps without token rotation). */
  rotation?: TokenRotation;
  logger?: InstallationLogger;
  now?: () => number;
}

const silent: InstallationLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The Slack installations of a distributed deployment, in the database, tokens encrypted.
 *
 * It is @slack/oauth's InstallationStore (give it to InstallProvider or Bolt as
 * `installationStore`): a reinstall replaces the stored tokens and makes the installation active
 * again; an org-wide installation is fetched for any workspace of its organisation;
 * `deleteInstallation` removes the tokens but keeps the row, marked revoked, so the workspace's
 * digests show as paused. Fetched installations carry a bot token refreshed here when it was about
 * to expire, and no refresh token: InstallProvider's own refresh (which no replica coordinates)
 * never runs on them.
 *
 * Everything else that needs a token (commands, background work) asks `tokenForTeam`; Bolt's
 * `authorize` option can be `installations.authorize`.
 */
export class SlackInstallations implements InstallationStore {
  readonly #db: Knex;
  readonly #cipher: TokenCipher;
  readonly #rotation: TokenRotation | undefined;
  readonly #logger: InstallationLogger;
  readonly #now: () => number;
  readonly #reportedUnreadable = new Set<string>();

  constructor(options: SlackInstallationsOptions) {
    this.#db = options.db;
    this.#cipher = options.cipher;
    this.#rotation = options.rotation;
    this.#logger = options.logger ?? silent;
    this.#now = options.now ?? Date.now;
  }

  /** The installations of a distributed deployment with token rotation through `oauth.v2.access` (at `slackApiUrl` when set). */
  static create(options: {
    db: Knex;
    cipher: TokenCipher;
    clientId: string;
    clientSecret: string;
    slackApiUrl?: string | undefined;
    logger?: InstallationLogger;
    rotation?: Omit<TokenRotationOptions, 'db' | 'cipher' | 'refresh' | 'logger'>;
  }): SlackInstallations {
    const refresh = createSlackTokenRefresher({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    });
    const rotation = new TokenRotation({
      ...options.rotation,
      db: options.db,
      cipher: options.cipher,
      refresh,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return new SlackInstallations({ db: options.db, cipher: options.cipher, rotation, ...(options.logger ? { logger: options.logger } : {}) });
  }

  // --- @slack/oauth InstallationStore ---------------------------------------------------------

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const isOrg = installation.isEnterpriseInstall === true;
    const key: InstallationKey = { enterprise_id: installation.enterprise?.id ?? '', team_id: isOrg ? '' : (installation.team?.id ?? '') };
    if (isOrg ? !key.enterprise_id : !key.team_id) throw new Error('an installation must name its workspace, or its organisation when org-wide');
    const bot = installation.bot;
    if (!bot?.token) throw new Error(`the installation of ${key.team_id || key.enterprise_id} has no bot token; miniapp-stats needs its bot user`);
    const now = this.#now();
    const values = {
      is_enterprise_install: isOrg,
      team_name: installation.team?.name ?? null,
      enterprise_name: installation.enterprise?.name ?? null,
      enterprise_url: installation.enterpriseUrl ?? null,
      app_id: installation.appId ?? null,
      bot_user_id: bot.userId || null,
      bot_id: bot.id || null,
      bot_scopes: (bot.scopes ?? []).join(','),
      installer_user_id: installation.user?.id || null,
      bot_token_sealed: this.#cipher.encrypt(bot.token, tokenContext(key, 'bot_token')),
      bot_refresh_token_sealed: bot.refreshToken ? this.#cipher.encrypt(bot.refreshToken, tokenContext(key, 'bot_refresh_token')) : null,
      bot_token_expires_at_ms: bot.refreshToken && bot.expiresAt ? bot.expiresAt * 1000 : null,
      status: 'active',
      status_reason: null,
      refresh_claimed_by: null,
      refresh_lease_until_ms: null,
      installed_at_ms: now,
      updated_at_ms: now,
      revoked_at_ms: null,
    };
    const replace = () =>
      this.#db(INSTALLATIONS_TABLE)
        .where(key)
        .update({ ...values, token_version: this.#db.raw('?? + 1', ['token_version']) });
    if ((await replace()) === 0) {
      try {
        await this.#db(INSTALLATIONS_TABLE).insert({ ...key, ...values, token_version: 1 });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        await replace();
      }
    }
    if (!isOrg && key.enterprise_id) await rememberTeamEnterprise(this.#db, key.team_id, key.enterprise_id, now);
    this.#logger.info({ installation: refOf(key), rotating: Boolean(bot.refreshToken), scopes: values.bot_scopes }, 'stored a Slack installation');
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v2', boolean>> {
    const row = await this.#findForQuery(query);
    const authorization = await this.#authorize(row, query.teamId);
    return toInstallation(row, authorization);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.revoke(query, 'deleted');
  }

  // --- the app's own API ----------------------------------------------------------------------

  /**
   * A bot token to call Slack with for a workspace: its own installation's, else the org-wide one
   * of its organisation (`enterpriseId`, or as last seen). Refreshed first when it expires within
   * 5 minutes. An InstallationUnavailableError says why there is none (`problem`).
   */
  async tokenForTeam(teamId: string, enterpriseId?: string): Promise<BotAuthorization> {
    const row = await findServingInstallation(this.#db, teamId, enterpriseId);
    if (!row) throw notInstalled({ teamId, enterpriseId });
    return this.#authorize(row, teamId);
  }

  /** Bolt's `authorize` option: the bot token and ids for a request's workspace or organisation. */
  async authorize(source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> {
    const row = await this.#findForQuery(source);
    const authorization = await this.#authorize(row, source.teamId);
    return {
      botToken: authorization.botToken,
      botId: authorization.botId,
      botUserId: authorization.botUserId,
      teamId: authorization.teamId,
      enterpriseId: authorization.enterpriseId,
    };
  }

  /**
   * Removes an installation's tokens at once (app_uninstalled, tokens_revoked): the row stays,
   * revoked, with the reason. True when this changed something (the same event twice changes
   * nothing the second time). A workspace's revocation never touches its organisation's
   * org-wide installation.
   */
  async revoke(target: InstallationTarget, reason: string): Promise<boolean> {
    const key: InstallationKey = target.isEnterpriseInstall
      ? { enterprise_id: target.enterpriseId ?? '', team_id: '' }
      : { enterprise_id: target.enterpriseId ?? '', team_id: target.teamId ?? '' };
    if (!key.team_id && !key.enterprise_id) return false;
    const now = this.#now();
    const query = this.#db(INSTALLATIONS_TABLE).whereNot('status', 'revoked');
    // A workspace is found by its id alone: events may come without its organisation.
    const matched = key.team_id ? query.where('team_id', key.team_id) : query.where(key);
    const changed = await matched.update(withoutTokens(this.#db, 'revoked', reason, now));
    if (changed > 0) this.#logger.info({ installation: refOf(key), reason }, 'revoked a Slack installation: its tokens are deleted');
    return changed > 0;
  }

  /** How the installation serving a workspace stands (no token is read). */
  async stateOfTeam(teamId: string, enterpriseId?: string): Promise<TeamInstallationState> {
    const row = await findServingInstallation(this.#db, teamId, enterpriseId);
    if (!row) return { status: 'not_installed', reason: null, sinceMs: null, isEnterpriseInstall: false };
    return {
      status: row.status,
      reason: row.status_reason,
      sinceMs: row.status === 'active' ? row.installed_at_ms : (row.revoked_at_ms ?? row.updated_at_ms),
      isEnterpriseInstall: row.is_enterprise_install,
    };
  }

  /** Whether a workspace's digests and alerts wait: it has no active installation (revoked, needing a reinstall, or none). */
  async isPaused(teamId: string, enterpriseId?: string): Promise<boolean> {
    return (await this.stateOfTeam(teamId, enterpriseId)).status !== 'active';
  }

  /** Records the organisation of a workspace seen in a request, so background work finds its org-wide installation. */
  async rememberTeamEnterprise(teamId: string, enterpriseId: string): Promise<void> {
    await rememberTeamEnterprise(this.#db, teamId, enterpriseId, this.#now());
  }

  async list(): Promise<InstallationSummary[]> {
    return (await listInstallationRows(this.#db)).map((row) => ({
      ...refOf(row),
      isEnterpriseInstall: row.is_enterprise_install,
      teamName: row.team_name,
      status: row.status,
      statusReason: row.status_reason,
      rotating: row.bot_refresh_token_sealed !== null,
      expiresAtMs: row.bot_token_expires_at_ms,
      installedAtMs: row.installed_at_ms,
      updatedAtMs: row.updated_at_ms,
      tokensReadable: row.bot_token_sealed === null ? null : this.#readable(row),
    }));
  }

  // --- internals --------------------------------------------------------------------------------

  async #findForQuery(query: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean }): Promise<InstallationRow> {
    if (query.isEnterpriseInstall && query.enterpriseId) {
      const org = await readInstallationByKey(this.#db, { enterprise_id: query.enterpriseId, team_id: '' });
      if (org) return org;
    }
    const row = query.teamId ? await findServingInstallation(this.#db, query.teamId, query.enterpriseId) : undefined;
    if (!row) throw notInstalled({ teamId: query.teamId, enterpriseId: query.enterpriseId });
    return row;
  }

  async #authorize(found: InstallationRow, teamId: string | undefined): Promise<BotAuthorization> {
    try {
      const row = this.#rotation && found.status === 'active' ? await this.#rotation.ensureFresh(found) : found;
      const botToken = openBotToken(row, this.#cipher);
      return {
        installationId: row.id,
        teamId: teamId ?? (row.team_id || undefined),
        enterpriseId: row.enterprise_id || undefined,
        isEnterpriseInstall: row.is_enterprise_install,
        botToken,
        botId: row.bot_id ?? undefined,
        botUserId: row.bot_user_id ?? undefined,
        appId: row.app_id ?? undefined,
        scopes: row.bot_scopes ? row.bot_scopes.split(',') : [],
        expiresAtMs: row.bot_token_expires_at_ms ?? undefined,
      };
    } catch (error) {
      if (error instanceof InstallationUnavailableError && error.problem === 'tokens_unreadable') this.#reportUnreadable(found, error);
      throw error;
    }
  }

  /** Logs an installation whose tokens do not open, once per stored version of its tokens. */
  #reportUnreadable(row: InstallationRow, error: InstallationUnavailableError): void {
    const seen = `${row.id}/${row.token_version}`;
    if (this.#reportedUnreadable.has(seen)) return;
    this.#reportedUnreadable.add(seen);
    this.#logger.error({ installation: refOf(row), problem: error.problem }, error.message);
  }

  #readable(row: InstallationRow): boolean {
    try {
      openBotToken({ ...row, status: 'active' }, this.#cipher);
      openRefreshToken(row, this.#cipher);
      return true;
    } catch {
      return false;
    }
  }
}

function toInstallation(row: InstallationRow, authorization: BotAuthorization): Installation<'v2', boolean> {
  return {
    team: row.team_id ? { id: row.team_id, ...(row.team_name ? { name: row.team_name } : {}) } : undefined,
    enterprise: row.enterprise_id ? { id: row.enterprise_id, ...(row.enterprise_name ? { name: row.enterprise_name } : {}) } : undefined,
    user: { id: row.installer_user_id ?? '', token: undefined, scopes: undefined },
    bot: {
      token: authorization.botToken,
      scopes: authorization.scopes,
      id: authorization.botId ?? '',
      userId: authorization.botUserId ?? '',
      // No refreshToken: rotation is this module's (coordinated across replicas), not InstallProvider's.
      ...(authorization.expiresAtMs !== undefined ? { expiresAt: Math.floor(authorization.expiresAtMs / 1000) } : {}),
    },
    ...(row.app_id ? { appId: row.app_id } : {}),
    ...(row.enterprise_url ? { enterpriseUrl: row.enterprise_url } : {}),
    tokenType: 'bot',
    isEnterpriseInstall: row.is_enterprise_install,
    authVersion: 'v2',
  };
}
