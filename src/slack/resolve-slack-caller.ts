import type { Knex } from 'knex';
import { readMembers } from '../access/read-members.ts';
import { AccessError } from '../domain/errors.ts';
import type { Caller } from '../domain/records.ts';
import { readWorkspaceBySlackTeam } from '../stats/read-workspace.ts';
import type { SlackClient, SlackProfile } from './slack-client.ts';

/** Slack team → workspace; Slack user → member by Slack id, else by the profile e-mail. */
export async function resolveSlackCaller(db: Knex, slack: SlackClient, teamId: string, userId: string): Promise<Caller> {
  const workspace = await readWorkspaceBySlackTeam(db, teamId);
  if (!workspace) {
    throw new AccessError(
      `This Slack workspace (${teamId}) is not linked to an analytics workspace. An operator links it through slack_team_id in workspaces.csv.`,
    );
  }
  const base = { workspace, surface: 'slack' as const, slackTeamId: teamId, slackUserId: userId };
  const [byId] = await readMembers(db, { workspaceId: workspace.workspaceId, slackUserId: userId });
  if (byId) return { ...base, member: byId };
  const email = await readSlackEmail(db, slack, teamId, userId);
  const [byEmail] = email ? await readMembers(db, { workspaceId: workspace.workspaceId, email }) : [];
  if (byEmail) return { ...base, member: byEmail };
  throw new AccessError(
    `You are not a member of ${workspace.name} on the analytics platform${email ? ` (looked up as ${email})` : ' (your Slack profile shows no e-mail)'}. Ask a workspace admin to add you.`,
  );
}

/** How long a Slack profile (its e-mail, whether a bot or deactivated) is trusted before users.info is asked again. */
export const EMAIL_CACHE_TTL_MS = 60 * 60 * 1000;

export interface CachedSlackProfile extends SlackProfile {
  fetchedAtMs: number;
}

/**
 * The e-mail of a Slack user's profile (users.info, needs users:read.email), cached in
 * slack_user_links. When Slack cannot be asked, a stale cached value is better than none.
 */
export async function readSlackEmail(db: Knex, slack: SlackClient, teamId: string, userId: string, now = Date.now()): Promise<string | null> {
  const cached = (await readCachedSlackProfiles(db, teamId, [userId])).get(userId);
  if (cached && isFreshProfile(cached, now)) return cached.email;
  return (await refreshSlackProfile(db, slack, teamId, userId, cached, now)).email;
}

export function isFreshProfile(profile: CachedSlackProfile, now: number): boolean {
  return now - profile.fetchedAtMs < EMAIL_CACHE_TTL_MS;
}

/** The cached profiles of some users of a Slack team, fresh or stale (one query per 500 users). */
export async function readCachedSlackProfiles(db: Knex, teamId: string, userIds: readonly string[]): Promise<Map<string, CachedSlackProfile>> {
  const profiles = new Map<string, CachedSlackProfile>();
  for (let start = 0; start < userIds.length; start += 500) {
    const ids = userIds.slice(start, start + 500);
    const rows = await db('slack_user_links').where('slack_team_id', teamId).whereIn('slack_user_id', ids).select();
    for (const row of rows) {
      profiles.set(row.slack_user_id, { email: row.email, isBot: Boolean(row.is_bot), deleted: Boolean(row.deleted), fetchedAtMs: Number(row.fetched_at_ms) });
    }
  }
  return profiles;
}

/** Asks users.info for a user's profile and caches it; when Slack cannot be asked, the stale cached profile if there is one. */
export async function refreshSlackProfile(
  db: Knex,
  slack: SlackClient,
  teamId: string,
  userId: string,
  cached: CachedSlackProfile | undefined,
  now = Date.now(),
): Promise<SlackProfile> {
  let profile: SlackProfile;
  try {
    profile = await slack.readUserProfile(userId);
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
  const row = { slack_team_id: teamId, slack_user_id: userId, email: profile.email, fetched_at_ms: now, is_bot: profile.isBot, deleted: profile.deleted };
  await db('slack_user_links').insert(row).onConflict(['slack_team_id', 'slack_user_id']).merge(['email', 'fetched_at_ms', 'is_bot', 'deleted']);
  return profile;
}
