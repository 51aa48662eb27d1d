import crypto from 'node:crypto';
import os from 'node:os';
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { Knex } from 'knex';
import { notInstalled, refreshFailed } from './installation-errors.ts';
import type { InstallationLogger } from './installation-logger.ts';
import { INSTALLATIONS_TABLE, type InstallationRow, openRefreshToken, readInstallationRow, refOf, tokenContext, withoutTokens } from './installation-rows.ts';
import type { TokenCipher } from './token-cipher.ts';

/** A token this close to its expiry is refreshed before it is used. */
export const REFRESH_WINDOW_MS = 5 * 60_000;

/** What `oauth.v2.access` (grant_type=refresh_token) gave back. */
export interface RefreshedTokens {
  accessToken: string;
  /** The next refresh token; Slack sends one with every refresh (the one used is spent). */
  refreshToken: string | undefined;
  expiresInSeconds: number | undefined;
  scope: string | undefined;
}

/** Exchanges a refresh token for a new token pair; rejects with @slack/web-api's errors. */
export type RefreshTokens = (refreshToken: string) => Promise<RefreshedTokens>;

/** A refresher over @slack/web-api's WebClient (at `slackApiUrl` when given): no retries of its own, no debug logging of its arguments. */
export function createSlackTokenRefresher(options: { clientId: string; clientSecret: string; slackApiUrl?: string; timeoutMs?: number }): RefreshTokens {
  const client = new WebClient(undefined, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logLevel: LogLevel.ERROR,
  });
  return async (refreshToken) => {
    const response = await client.oauth.v2.access({
      client_id: options.clientId,
      client_secret: options.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    if (!response.access_token) throw new Error('oauth.v2.access answered a refresh without an access token');
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token,
      expiresInSeconds: response.expires_in,
      scope: response.scope,
    };
  };
}

export interface TokenRotationOptions {
  db: Knex;
  cipher: TokenCipher;
  refresh: RefreshTokens;
  /** Who claims a refresh (one per process); default host, pid and a random suffix. */
  replica?: string;
  logger?: InstallationLogger;
  /** Refresh a token expiring within this long. Default 5 minutes. */
  refreshWindowMs?: number;
  /** How long a claimed refresh is this replica's alone (renewed before each retry). Default 30 s. */
  leaseMs?: number;
  /** How long a replica waits for another one's refresh before it gives up. Default 15 s. */
  waitMs?: number;
  pollMs?: number;
  /** Calls to Slack per refresh when they fail for a passing reason (network, 5xx, rate limit). Default 4. */
  attempts?: number;
  /** The first pause between attempts; doubled each time. Default 500 ms. */
  backoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Refresh-token errors after which only a reinstall helps. */
const REJECTED = new Set(['invalid_refresh_token', 'invalid_grant', 'token_revoked', 'token_expired', 'account_inactive', 'app_uninstalled']);
/** Errors that say the app's own credentials (SLACK_CLIENT_ID / SLACK_CLIENT_SECRET) are wrong: no installation is at fault. */
const MISCONFIGURED = new Set(['invalid_client_id', 'bad_client_secret', 'invalid_client', 'invalid_grant_type']);
/** A token that still has this long may be used when it cannot be refreshed now. */
const LAST_RESORT_MS = 15_000;
const MAX_PAUSE_MS = 10_000;

type RefreshFailure = { kind: 'rejected'; code: string } | { kind: 'misconfigured'; code: string } | { kind: 'passing'; detail: string; retryAfterMs?: number };

/** Sorts a failed refresh call: a rejected refresh token, wrong app credentials, or a passing failure worth a retry. */
export function classifyRefreshFailure(error: unknown): RefreshFailure {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; body?: unknown } | null;
  let code: string | undefined;
  if (e?.code === ErrorCode.PlatformError) code = e.data?.error;
  else if (e?.code === ErrorCode.HTTPError) code = errorInBody(e.body);
  if (code && REJECTED.has(code)) return { kind: 'rejected', code };
  if (code && MISCONFIGURED.has(code)) return { kind: 'misconfigured', code };
  if (e?.code === ErrorCode.RateLimitedError) return { kind: 'passing', detail: 'rate limited', retryAfterMs: (e.retryAfter ?? 1) * 1000 };
  if (code === 'ratelimited') return { kind: 'passing', detail: 'rate limited', retryAfterMs: 1000 };
  if (code) return { kind: 'passing', detail: code };
  if (e?.code === ErrorCode.HTTPError) return { kind: 'passing', detail: `HTTP ${e.statusCode}` };
  if (e?.code === ErrorCode.RequestError) return { kind: 'passing', detail: 'Slack could not be reached' };
  return { kind: 'passing', detail: error instanceof Error ? error.message : String(error) };
}

function errorInBody(body: unknown): string | undefined {
  if (typeof body !== 'string') return (body as { error?: string } | undefined)?.error;
  try {
    return (JSON.parse(body) as { error?: string }).error;
  } catch {
    return undefined;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const silent: InstallationLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Keeps rotating bot tokens fresh, with any number of replicas on one database: a token that
 * expires within 5 minutes is refreshed before it is used, exactly once per expiry.
 *
 * The refresh is claimed in the database with a compare-and-set on the row's `token_version`
 * and a short lease (`refresh_claimed_by`, `refresh_lease_until_ms`): the one replica whose
 * UPDATE matched calls `oauth.v2.access`, stores the new pair and bumps the version; the others
 * poll the row (bounded) until the version moves and use the token it holds. Within one process,
 * callers of the same installation share one refresh. A lease left by a crashed replica expires
 * and is claimed again. Every write is conditional on the version read, so a reinstall,
 * revocation or another refresh in between is never overwritten.
 */
export class TokenRotation {
  readonly replica: string;
  readonly #db: Knex;
  readonly #cipher: TokenCipher;
  readonly #refresh: RefreshTokens;
  readonly #logger: InstallationLogger;
  readonly #windowMs: number;
  readonly #leaseMs: number;
  readonly #waitMs: number;
  readonly #pollMs: number;
  readonly #attempts: number;
  readonly #backoffMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #inFlight = new Map<number, Promise<InstallationRow>>();

  constructor(options: TokenRotationOptions) {
    this.replica = (options.replica ?? `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`).slice(0, 64);
    this.#db = options.db;
    this.#cipher = options.cipher;
    this.#refresh = options.refresh;
    this.#logger = options.logger ?? silent;
    this.#windowMs = options.refreshWindowMs ?? REFRESH_WINDOW_MS;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#waitMs = options.waitMs ?? 15_000;
    this.#pollMs = options.pollMs ?? 100;
    this.#attempts = Math.max(1, options.attempts ?? 4);
    this.#backoffMs = options.backoffMs ?? 500;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  /** Whether the row's bot token must be refreshed before it is used. */
  needsRefresh(row: InstallationRow): boolean {
    return (
      row.status === 'active' &&
      row.bot_refresh_token_sealed !== null &&
      row.bot_token_expires_at_ms !== null &&
      row.bot_token_expires_at_ms - this.#now() <= this.#windowMs
    );
  }

  /**
   * The installation with a bot token good for more than the refresh window: `row` itself when it
   * is, else as stored after this replica's or another one's refresh. A row that is (or became)
   * revoked or in need of a reinstall is returned as it is, for the caller to refuse. When no
   * refresh can be had now, a token that has not expired yet is still returned (and the failure
   * logged); an expired one gives an InstallationUnavailableError (`refresh_failed`, or
   * `needs_reinstall` when Slack rejected the refresh token).
   */
  async ensureFresh(row: InstallationRow): Promise<InstallationRow> {
    if (!this.needsRefresh(row)) return row;
    const pending = this.#inFlight.get(row.id);
    if (pending) return pending;
    const refresh = this.#refreshCoordinated(row.id).finally(() => this.#inFlight.delete(row.id));
    this.#inFlight.set(row.id, refresh);
    return refresh;
  }

  async #refreshCoordinated(id: number): Promise<InstallationRow> {
    const deadline = this.#now() + this.#waitMs;
    for (let round = 0; ; round++) {
      const current = await readInstallationRow(this.#db, id);
      if (!current) throw notInstalled({ teamId: undefined, enterpriseId: undefined });
      if (!this.needsRefresh(current)) {
        if (round > 0) this.#logger.info({ installation: refOf(current) }, 'using the bot token another replica refreshed');
        return current;
      }
      if (round > 0 && this.#now() >= deadline) return this.#lastResort(current, 'another replica claimed the refresh and has not finished it');
      if (await this.#claim(current)) {
        const refreshed = await this.#refreshClaimed(current);
        if (refreshed) return refreshed;
        continue;
      }
      await this.#sleep(this.#pollMs);
    }
  }

  async #claim(row: InstallationRow): Promise<boolean> {
    const now = this.#now();
    const claimed = await this.#db(INSTALLATIONS_TABLE)
      .where({ id: row.id, token_version: row.token_version, status: 'active' })
      .where((q) => q.whereNull('refresh_lease_until_ms').orWhere('refresh_lease_until_ms', '<', now))
      .update({ refresh_claimed_by: this.replica, refresh_lease_until_ms: now + this.#leaseMs });
    return claimed === 1;
  }

  /** Refreshes a claimed row: the stored result, or null when the row changed under the claim (read it again). */
  async #refreshClaimed(row: InstallationRow): Promise<InstallationRow | null> {
    const ref = refOf(row);
    let refreshToken: string;
    try {
      refreshToken = openRefreshToken(row, this.#cipher)!;
    } catch (error) {
      await this.#release(row);
      throw error;
    }
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.#now();
      let tokens: RefreshedTokens;
      try {
        tokens = await this.#refresh(refreshToken);
      } catch (error) {
        const failure = classifyRefreshFailure(error);
        if (failure.kind === 'rejected') return this.#markNeedsReinstall(row, failure.code);
        if (failure.kind === 'misconfigured') {
          await this.#release(row);
          this.#logger.error(
            { installation: ref, error: failure.code },
            'Slack refused the app credentials (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET) for a token refresh',
          );
          return this.#lastResort(row, `Slack refused the app's client credentials (${failure.code})`, error);
        }
        const pause = Math.max(failure.retryAfterMs ?? 0, this.#backoffMs * 2 ** (attempt - 1));
        if (attempt >= this.#attempts || pause > MAX_PAUSE_MS) {
          await this.#release(row);
          return this.#lastResort(row, `${failure.detail}, after ${attempt} attempt${attempt === 1 ? '' : 's'}`, error);
        }
        this.#logger.warn({ installation: ref, attempt, error: failure.detail, retryInMs: pause }, 'token refresh failed; retrying');
        await this.#sleep(pause);
        if (!(await this.#renew(row))) return null;
        continue;
      }
      return this.#store(row, tokens, startedAt);
    }
  }

  async #store(row: InstallationRow, tokens: RefreshedTokens, startedAt: number): Promise<InstallationRow | null> {
    const now = this.#now();
    const updated = await this.#db(INSTALLATIONS_TABLE)
      .where({ id: row.id, token_version: row.token_version })
      .update({
        bot_token_sealed: this.#cipher.encrypt(tokens.accessToken, tokenContext(row, 'bot_token')),
        bot_refresh_token_sealed: tokens.refreshToken
          ? this.#cipher.encrypt(tokens.refreshToken, tokenContext(row, 'bot_refresh_token'))
          : row.bot_refresh_token_sealed,
        // Counted from before the call, so the stored expiry is never later than Slack's.
        bot_token_expires_at_ms: tokens.expiresInSeconds === undefined ? null : startedAt + tokens.expiresInSeconds * 1000,
        ...(tokens.scope ? { bot_scopes: tokens.scope } : {}),
        token_version: this.#db.raw('?? + 1', ['token_version']),
        refresh_claimed_by: null,
        refresh_lease_until_ms: null,
        updated_at_ms: now,
      });
    if (updated === 0) {
      this.#logger.warn({ installation: refOf(row) }, 'the installation changed while its token was being refreshed; using what is stored');
      return null;
    }
    this.#logger.info({ installation: refOf(row), expiresInSeconds: tokens.expiresInSeconds }, 'refreshed the bot token');
    return (await readInstallationRow(this.#db, row.id)) ?? null;
  }

  async #markNeedsReinstall(row: InstallationRow, code: string): Promise<InstallationRow | null> {
    const updated = await this.#db(INSTALLATIONS_TABLE)
      .where({ id: row.id, token_version: row.token_version })
      .update(withoutTokens(this.#db, 'needs_reinstall', code, this.#now()));
    // Changed in between (another replica refreshed with the same token, a reinstall): read it again.
    if (updated === 0) return null;
    this.#logger.error({ installation: refOf(row), error: code }, 'Slack rejected the refresh token: the installation needs a reinstall');
    return (await readInstallationRow(this.#db, row.id)) ?? null;
  }

  async #renew(row: InstallationRow): Promise<boolean> {
    const renewed = await this.#db(INSTALLATIONS_TABLE)
      .where({ id: row.id, token_version: row.token_version, refresh_claimed_by: this.replica })
      .update({ refresh_lease_until_ms: this.#now() + this.#leaseMs });
    return renewed === 1;
  }

  async #release(row: InstallationRow): Promise<void> {
    await this.#db(INSTALLATIONS_TABLE)
      .where({ id: row.id, token_version: row.token_version, refresh_claimed_by: this.replica })
      .update({ refresh_claimed_by: null, refresh_lease_until_ms: null });
  }

  /** No refresh now: the token as it is while it has not expired (the failure logged), else a `refresh_failed` error. */
  #lastResort(row: InstallationRow, detail: string, cause?: unknown): InstallationRow {
    const ref = refOf(row);
    const left = (row.bot_token_expires_at_ms ?? Number.POSITIVE_INFINITY) - this.#now();
    if (left > LAST_RESORT_MS) {
      this.#logger.warn({ installation: ref, expiresInMs: left, error: detail }, 'could not refresh the bot token; using it until it expires');
      return row;
    }
    throw refreshFailed(ref, detail, cause);
  }
}
