import type { Knex } from 'knex';
import type { SlackClient } from './slack-client.ts';

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
