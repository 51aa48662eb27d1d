import type { Knex } from 'knex';
import { readMembers } from '../access/read-members.ts';
import { AccessError } from '../domain/errors.ts';
import type { Caller } from '../domain/records.ts';
import { readWorkspaceBySlackTeam } from '../stats/read-workspace.ts';
import { readSlackEmail } from './read-slack-email.ts';
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
