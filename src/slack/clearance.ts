/**
 * Whether a conversation is cleared for analytics, so that an answer may be posted there for all
 * to read: an admin cleared the channel (`channel allow`), or every human member of it (bots and
 * deactivated users left out) is a member of the workspace with a data role, matched as a caller
 * is (by Slack id, else by the e-mail of the Slack profile, through the same cache). A direct
 * message with the app has one human member. Commands, digests and alerts all ask here.
 *
 * Members come from conversations.members, page by page; profiles from users.info only for those
 * not linked by Slack id and not in the cache. Each Slack call waits as long as Slack's
 * Retry-After says, and while one does, no other call of the same method for the same team goes
 * out. The result is kept in the database for CHECK_TTL_MS, for every replica, and dropped when
 * someone joins (dropClearanceChecks).
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { hasDataRole } from '../access/caller.ts';
import { readMembers } from '../access/read-members.ts';
import type { MemberRecord, WorkspaceRecord } from '../domain/records.ts';
import {
  beginStoredCheck,
  type ClearedChannel,
  dropStoredChecks,
  finishStoredCheck,
  readClearedChannel,
  readStoredCheck,
  type StoredCheck,
} from './clearance-store.ts';
import { type CachedSlackProfile, isFreshProfile, readCachedSlackProfiles, refreshSlackProfile } from './resolve-slack-caller.ts';
import { rateLimitDelay, type SlackClient, type SlackProfile, slackErrorCode } from './slack-client.ts';

/** How long a check's result stands (unless someone joins first). */
export const CHECK_TTL_MS = 10 * 60_000;
/** conversations.members page size: Slack's largest. */
export const MEMBERS_PAGE_SIZE = 1000;
/** users.info calls of one check in flight at once. */
const PROFILE_CONCURRENCY = 4;
/** Slack's own bot, which users.info does not call a bot. */
const SLACKBOT = 'USLACKBOT';
/** A check that finds the conversation cleared but saw someone join meanwhile is run again, this many times at most. */
const MAX_RUNS = 3;

export type Clearance =
  | { cleared: true; via: 'channel allow'; allowed: ClearedChannel }
  | { cleared: true; via: 'members'; humans: number }
  /** `withoutRole` of the `humans` members cannot see the workspace's analytics (who is never said). */
  | { cleared: false; reason: 'members'; humans: number; withoutRole: number }
  /** The check goes on in the background; the next request sees its result. */
  | { cleared: false; reason: 'checking' }
  /** Slack would not show the app the conversation or its members (`code`, e.g. channel_not_found). */
  | { cleared: false; reason: 'unreadable'; code: string };

export interface ClearanceContext {
  db: Knex;
  slack: SlackClient;
  logger?: Logger;
  now?: () => number;
}

export interface CheckedConversation {
  workspace: WorkspaceRecord;
  channelId: string;
  /** The app's own bot user, left out without asking Slack. */
  botUserId?: string;
}

/**
 * Whether a conversation is cleared for analytics. With `waitMs`, a check that takes longer
 * answers `checking` then and goes on; the next call finds its result.
 */
export async function checkClearance(context: ClearanceContext, conversation: CheckedConversation, options: { waitMs?: number } = {}): Promise<Clearance> {
  const { db } = context;
  const now = context.now ?? Date.now;
  const { workspaceId } = conversation.workspace;
  const allowed = await readClearedChannel(db, workspaceId, conversation.channelId);
  if (allowed) return { cleared: true, via: 'channel allow', allowed };
  const stored = await readStoredCheck(db, workspaceId, conversation.channelId);
  if (stored && now() - stored.checkedAtMs < CHECK_TTL_MS) return clearanceOf(stored);
  const running = startCheck(context, conversation);
  if (options.waitMs === undefined) return running;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Clearance>((resolve) => {
    timer = setTimeout(() => resolve({ cleared: false, reason: 'checking' }), Math.max(0, options.waitMs!));
  });
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Someone joined the conversation: its stored check goes, in every workspace, and checks under way will not store theirs. */
export async function dropClearanceChecks(db: Knex, channelId: string): Promise<void> {
  await dropStoredChecks(db, channelId);
}

function clearanceOf(check: StoredCheck): Clearance {
  return check.withoutRole === 0
    ? { cleared: true, via: 'members', humans: check.humans }
    : { cleared: false, reason: 'members', humans: check.humans, withoutRole: check.withoutRole };
}

/** The checks under way in this process, by database and conversation: a second request for one joins it. */
const checksUnderWay = new WeakMap<Knex, Map<string, Promise<Clearance>>>();

function startCheck(context: ClearanceContext, conversation: CheckedConversation): Promise<Clearance> {
  const checks = checksUnderWay.get(context.db) ?? new Map<string, Promise<Clearance>>();
  checksUnderWay.set(context.db, checks);
  const key = `${conversation.workspace.workspaceId}/${conversation.channelId}`;
  const existing = checks.get(key);
  if (existing) return existing;
  const check = runCheck(context, conversation).finally(() => checks.delete(key));
  checks.set(key, check);
  // Whoever stopped waiting for it, a failure is still told.
  check.catch((error) => context.logger?.warn({ err: error, channel: conversation.channelId }, 'conversation check failed'));
  return check;
}

async function runCheck(context: ClearanceContext, conversation: CheckedConversation): Promise<Clearance> {
  const { db } = context;
  const { workspace, channelId } = conversation;
  const now = context.now ?? Date.now;
  for (let run = 1; ; run++) {
    const generation = await beginStoredCheck(db, workspace.workspaceId, channelId);
    const counted = await countMembers(context, conversation);
    if ('code' in counted) return { cleared: false, reason: 'unreadable', code: counted.code };
    const check = { ...counted, checkedAtMs: now() };
    const stored = await finishStoredCheck(db, workspace.workspaceId, channelId, generation, check);
    const clearance = clearanceOf(check);
    // A join can only add members who may not see analytics: a result of "not cleared" still holds.
    if (stored || !clearance.cleared) return clearance;
    if (run === MAX_RUNS) return { cleared: false, reason: 'checking' };
  }
}

/** How many human members, and how many of them cannot see the workspace's analytics; or why Slack would not say. */
async function countMembers(context: ClearanceContext, conversation: CheckedConversation): Promise<{ humans: number; withoutRole: number } | { code: string }> {
  const { db } = context;
  const { workspace, channelId } = conversation;
  const teamId = workspace.slackTeamId;
  if (teamId === null) return { code: 'no_slack_team' };
  // This module waits for rate limits itself, for all the calls of a team at once.
  const slack = context.slack.withPolicy({ maxWaitMs: 0 });
  let userIds: string[];
  try {
    const info = await paced(teamId, 'conversations.info', () => slack.readConversation(channelId));
    userIds = info?.is_im ? (info.user ? [info.user] : []) : await readAllMembers(slack, teamId, channelId);
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === null) throw error;
    return { code };
  }
  const candidates = [...new Set(userIds)].filter((id) => id !== conversation.botUserId && id !== SLACKBOT);
  const members = await readMembers(db, { workspaceId: workspace.workspaceId });
  const byId = new Map(members.filter((m) => m.slackUserId !== null).map((m) => [m.slackUserId!, m]));
  const byEmail = new Map(members.map((m) => [m.email, m]));
  const entitled = (member: MemberRecord | undefined) => member !== undefined && hasDataRole(member.role);
  // Linked by Slack id to a data role: no need to ask Slack anything about them.
  const undecided = candidates.filter((id) => !entitled(byId.get(id)));
  const cached = await readCachedSlackProfiles(db, teamId, undecided);
  let humans = candidates.length - undecided.length;
  let withoutRole = 0;
  await forEachConcurrently(undecided, PROFILE_CONCURRENCY, async (userId) => {
    const profile = await readProfile(context, slack, teamId, userId, cached);
    if (profile.isBot || profile.deleted) return;
    humans++;
    // The caller's rule (resolveSlackCaller): by Slack id, else by the profile's e-mail.
    const member = byId.get(userId) ?? (profile.email ? byEmail.get(profile.email) : undefined);
    if (!entitled(member)) withoutRole++;
  });
  return { humans, withoutRole };
}

async function readAllMembers(slack: SlackClient, teamId: string, channelId: string): Promise<string[]> {
  const members: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await paced(teamId, 'conversations.members', () => slack.readConversationMembers(channelId, { cursor, limit: MEMBERS_PAGE_SIZE }));
    members.push(...page.members);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return members;
}

/** A user's profile from the cache when fresh, else from users.info (cached for next time). */
async function readProfile(
  context: ClearanceContext,
  slack: SlackClient,
  teamId: string,
  userId: string,
  cached: Map<string, CachedSlackProfile>,
): Promise<SlackProfile> {
  const now = context.now ?? Date.now;
  const known = cached.get(userId);
  if (known && isFreshProfile(known, now())) return known;
  try {
    return await paced(teamId, 'users.info', () => refreshSlackProfile(context.db, slack, teamId, userId, known, now()));
  } catch (error) {
    // Someone Slack will not describe (user_not_found: another organisation's): a human without a role here.
    if (slackErrorCode(error) !== null) return { email: null, isBot: false, deleted: false };
    throw error;
  }
}

/** Until when each team's calls of a method wait, as Slack's last Retry-After for them said. */
const pausedUntil = new Map<string, number>();

/** Makes a call once the method is no longer paused for the team; on a rate limit, pauses it as told and tries again. */
async function paced<T>(teamId: string, method: string, call: () => Promise<T>): Promise<T> {
  const key = `${teamId}/${method}`;
  for (;;) {
    const wait = (pausedUntil.get(key) ?? 0) - Date.now();
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      continue;
    }
    try {
      return await call();
    } catch (error) {
      const retryAfter = rateLimitDelay(error);
      if (retryAfter === null) throw error;
      pausedUntil.set(key, Math.max(pausedUntil.get(key) ?? 0, Date.now() + Math.max(retryAfter, 1) * 1000));
    }
  }
}

async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
