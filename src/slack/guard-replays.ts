/**
 * Replays and retries of Slack requests. A signed request stays valid for the 5 minutes of the
 * signature window, so whoever holds one can send it again, and Slack itself resends events it
 * thinks were lost (`X-Slack-Retry-Num`). Each request has an identity that a resend keeps; the
 * first replica to record it in the database answers it, and any later copy is acknowledged and
 * does nothing else.
 */
import crypto from 'node:crypto';
import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { isUniqueViolation } from '../db/database.ts';
import type { SlackServices } from './slack-services.ts';
import { MAX_CLOCK_SKEW_SECONDS } from './start-http-server.ts';

/**
 * How long an identity is kept: a request is accepted up to the window either side of its own
 * timestamp, so a copy can arrive until twice the window after the first one did.
 */
export const SEEN_REQUEST_TTL_MS = 2 * MAX_CLOCK_SKEW_SECONDS * 1000;
/** Expired identities are deleted at most this often by each replica. */
const PRUNE_INTERVAL_MS = 60_000;
const MAX_ID_LENGTH = 128;

/**
 * What stays the same when a request is sent again: a slash command's `trigger_id`; a click's
 * `trigger_id` with its `action_ts`; an event's `event_id`; another interaction's `trigger_id`.
 * Null for a request without one (URL verification), which is never taken for a replay.
 */
export function readRequestIdentity(body: Record<string, unknown>): string | null {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  let id: string | null = null;
  if (typeof body.command === 'string') {
    const trigger = text(body.trigger_id);
    id = trigger && `command:${trigger}`;
  } else if (body.type === 'block_actions') {
    const trigger = text(body.trigger_id);
    const actionTs = text((body.actions as { action_ts?: unknown }[] | undefined)?.[0]?.action_ts);
    id = trigger && actionTs && `action:${trigger}:${actionTs}`;
  } else if (body.type === 'event_callback') {
    const eventId = text(body.event_id);
    id = eventId && `event:${eventId}`;
  } else if (typeof body.type === 'string') {
    const trigger = text(body.trigger_id);
    id = trigger && `interaction:${body.type}:${trigger}`;
  }
  if (id === null || id.length <= MAX_ID_LENGTH) return id;
  return `sha256:${crypto.createHash('sha256').update(id).digest('hex')}`;
}

export interface ReplayGuard {
  /** True the first time an identity is seen (across replicas); false for a replay. */
  claim(id: string): Promise<boolean>;
}

export function createReplayGuard(db: Knex, logger: Logger, now: () => number = Date.now): ReplayGuard {
  let lastPrune = Number.NEGATIVE_INFINITY;
  const prune = async (at: number) => {
    if (at - lastPrune < PRUNE_INTERVAL_MS) return;
    lastPrune = at;
    await db('slack_seen_requests')
      .where('expires_at_ms', '<', at)
      .delete()
      .catch((error) => logger.warn({ reason: (error as Error).message }, 'could not prune the seen Slack requests'));
  };
  return {
    async claim(id) {
      const at = now();
      try {
        await db('slack_seen_requests').insert({ request_id: id, seen_at_ms: at, expires_at_ms: at + SEEN_REQUEST_TTL_MS });
      } catch (error) {
        // Seen, by this replica or another. (After its time a copy no longer passes the signature check.)
        if (isUniqueViolation(error)) return false;
        // The database is not answering: let the request through; its handler says so to the person.
        logger.warn({ reason: (error as Error).message }, 'could not record a Slack request as seen');
        return true;
      }
      await prune(at);
      return true;
    },
  };
}

/**
 * The first middleware of the app: a request seen before is acknowledged (events are, by Bolt,
 * before any middleware) and goes no further.
 */
export function registerReplayGuard(app: App, services: SlackServices): void {
  const { logger } = services;
  const guard = createReplayGuard(services.db, logger, () => (services.now?.() ?? new Date()).getTime());
  const middleware: Middleware<AnyMiddlewareArgs> = async (args) => {
    const { body, next, context } = args;
    const id = readRequestIdentity(body as Record<string, unknown>);
    if (id === null || (await guard.claim(id))) {
      await next();
      return;
    }
    logger.info({ request: id.split(':')[0], retry: context.retryNum ?? null }, 'ignored a Slack request already answered');
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
  app.use(middleware);
}
