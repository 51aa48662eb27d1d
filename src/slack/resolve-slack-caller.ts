import type { Knex } from 'knex';
import { readMembers } from '../access/read-members.ts';
import { AccessError } from '../domain/errors.ts';
import type { Caller } from '../domain/records.ts';
import { readWorkspaceBySlackTeam } from '../stats/read-workspace.ts';
import type { SlackClient } from './slack-client.ts';

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

/** How long a Slack profile e-mail is trusted before users.info is asked again. */
export const EMAIL_CACHE_TTL_MS = 60 * 60 * 1000;

/**
 * The e-mail of a Slack user's profile (users.info, needs users:read.email), cached in
 * slack_user_links. When Slack cannot be asked, a stale cached value is better than none.
 */
export async function readSlackEmail(db: Knex, slack: SlackClient, teamId: string, userId: string, now = Date.now()): Promise<string | null> {
  const cached = await db('slack_user_links')
    .where({ slack_team_id: teamId, slack_user_id: userId })
    .first<{ email: string | null; fetched_at_ms: number } | undefined>();
  if (cached && now - Number(cached.fetched_at_ms) < EMAIL_CACHE_TTL_MS) return cached.email;
  let email: string | null;
  try {
    email = await slack.readUserEmail(userId);
  } catch (error) {
    if (cached) return cached.email;
    throw error;
  }
  const row = { slack_team_id: teamId, slack_user_id: userId, email, fetched_at_ms: now };
  await db('slack_user_links').insert(row).onConflict(['slack_team_id', 'slack_user_id']).merge(['email', 'fetched_at_ms']);
  return email;
}
