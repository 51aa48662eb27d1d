import crypto from 'node:crypto';
import { type InstallURLOptions, InvalidStateError, type StateStore } from '@slack/oauth';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/database.ts';

export const OAUTH_STATES_TABLE = 'slack_oauth_states';

/** How long an issued state may be used. */
export const STATE_TTL_MS = 10 * 60_000;
/** A state issued this far in the future (clock skew between replicas) is still accepted. */
const CLOCK_SKEW_MS = 60_000;
/** Used states are kept this long past their expiry, then pruned. */
const KEEP_USED_MS = 60 * 60_000;
const PRUNE_EVERY_MS = 5 * 60_000;
const SIGNING_CONTEXT = 'miniapp-stats oauth state v1.';
const MALFORMED = 'This install link was not issued by miniapp-stats (its state is malformed): start again from the install page.';

interface StatePayload {
  v: 1;
  /** Issued at (epoch ms). */
  iat: number;
  exp: number;
  /** A random nonce: no two states are alike. */
  n: string;
  /** The InstallURLOptions the install began with (scopes, redirect URI, metadata). */
  o: InstallURLOptions;
}

export interface DatabaseStateStoreOptions {
  db: Knex;
  /** SLACK_STATE_SECRET: the HMAC-SHA256 key of the states. */
  secret: string;
  ttlMs?: number;
}

/**
 * @slack/oauth's StateStore for the install flow: a state is `<payload>.<signature>`, the payload
 * (base64url JSON: issue and expiry times, a nonce, the install options) signed with HMAC-SHA256
 * under SLACK_STATE_SECRET. It expires after 10 minutes and is good for one use: verifying it
 * inserts the hash of its payload into `slack_oauth_states`, whose primary key refuses a second
 * use — also one replayed with its cookie, or on another replica. A forged, malformed, expired or
 * reused state gets @slack/oauth's InvalidStateError, which InstallProvider answers with its
 * failure page before any code is exchanged. Used states are pruned an hour after they expire.
 */
export class DatabaseStateStore implements StateStore {
  readonly #db: Knex;
  readonly #secret: string;
  readonly #ttlMs: number;
  #prunedAt = 0;

  constructor(options: DatabaseStateStoreOptions) {
    if (!options.secret) throw new Error('the OAuth state store needs SLACK_STATE_SECRET');
    this.#db = options.db;
    this.#secret = options.secret;
    this.#ttlMs = options.ttlMs ?? STATE_TTL_MS;
  }

  async generateStateParam(installOptions: InstallURLOptions, now: Date): Promise<string> {
    const issuedAt = now.getTime();
    const payload: StatePayload = { v: 1, iat: issuedAt, exp: issuedAt + this.#ttlMs, n: crypto.randomBytes(16).toString('base64url'), o: installOptions };
    const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${encoded}.${this.#sign(encoded)}`;
  }

  async verifyStateParam(now: Date, state: string): Promise<InstallURLOptions> {
    const payload = this.#open(state);
    const nowMs = now.getTime();
    if (nowMs > payload.exp) throw new InvalidStateError('The install link has expired (it is good for 10 minutes): start again from the install page.');
    if (payload.iat > nowMs + CLOCK_SKEW_MS)
      throw new InvalidStateError("This install link was issued in the future (the clocks of the app's servers disagree): start again from the install page.");
    try {
      await this.#db(OAUTH_STATES_TABLE).insert({ state_hash: hashOf(state), expires_at_ms: payload.exp, used_at_ms: nowMs });
    } catch (error) {
      if (isUniqueViolation(error)) throw new InvalidStateError('This install link was already used: start again from the install page.');
      throw error;
    }
    await this.#pruneNowAndThen(nowMs);
    return payload.o;
  }

  /** Deletes used states that expired more than an hour before `nowMs`; how many. */
  async pruneUsedStates(nowMs: number): Promise<number> {
    this.#prunedAt = nowMs;
    return this.#db(OAUTH_STATES_TABLE)
      .where('expires_at_ms', '<', nowMs - KEEP_USED_MS)
      .delete();
  }

  async #pruneNowAndThen(nowMs: number): Promise<void> {
    if (nowMs - this.#prunedAt < PRUNE_EVERY_MS) return;
    await this.pruneUsedStates(nowMs);
  }

  #sign(encodedPayload: string): string {
    return crypto.createHmac('sha256', this.#secret).update(SIGNING_CONTEXT).update(encodedPayload).digest('base64url');
  }

  /** The payload of a state whose signature is ours; InvalidStateError for anything else. */
  #open(state: string): StatePayload {
    const parts = typeof state === 'string' ? state.split('.') : [];
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new InvalidStateError(MALFORMED);
    const [encoded, signature] = parts as [string, string];
    // The expected signature's own text is compared, so only its one canonical encoding passes.
    const expected = Buffer.from(this.#sign(encoded));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw new InvalidStateError('This install link was not issued by miniapp-stats (its state has a bad signature): start again from the install page.');
    }
    let payload: StatePayload;
    try {
      payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as StatePayload;
    } catch {
      throw new InvalidStateError(MALFORMED);
    }
    if (payload?.v !== 1 || !Number.isFinite(payload.iat) || !Number.isFinite(payload.exp) || typeof payload.o !== 'object' || payload.o === null) {
      throw new InvalidStateError(MALFORMED);
    }
    return payload;
  }
}

/** The hash a used state is recorded by: of its signed payload (its signature only has one accepted spelling). */
function hashOf(state: string): string {
  return crypto
    .createHash('sha256')
    .update(state.split('.')[0] ?? '')
    .digest('hex');
}
