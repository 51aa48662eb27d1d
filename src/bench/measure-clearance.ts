/** How fast the members of a large channel are checked for a data role, against the bench's stand-in for Slack. */
import type { Knex } from 'knex';
import { checkClearance, dropClearanceChecks } from '../slack/clearance.ts';
import { SlackClient } from '../slack/slack-client.ts';
import { readWorkspace } from '../stats/read-workspace.ts';
import { BENCH_WORKSPACE } from './generate-bench-data.ts';
import { startStubSlackApi } from './measure-ack-latency.ts';

/** The stand-in's large channel (src/bench/stub-slack-api.mjs) and its members besides the bench's admin. */
const LARGE_CHANNEL = 'C0BENCH5000';
const LARGE_CHANNEL_MEMBERS = 5000;

export interface ClearanceThroughput {
  members: number;
  /** Members checked per second when none is known: every one asked for with users.info. */
  coldPerSecond: number;
  /** The same once their profiles are cached (the next check after a join, within the hour). */
  cachedPerSecond: number;
}

/** Times a check of the stand-in's 5,000-member channel: cold (no profile cached), then again with the profiles cached. */
export async function measureClearance(db: Knex): Promise<ClearanceThroughput> {
  const api = await startStubSlackApi();
  try {
    const workspace = (await readWorkspace(db, BENCH_WORKSPACE))!;
    const slack = SlackClient.forBackground('xoxb-bench', { slackApiUrl: api.url });
    const conversation = { workspace, channelId: LARGE_CHANNEL };
    await db('slack_user_links').where('slack_team_id', workspace.slackTeamId!).delete();
    await dropClearanceChecks(db, LARGE_CHANNEL);
    const timeCheck = async () => {
      const started = performance.now();
      const clearance = await checkClearance({ db, slack }, conversation);
      if (clearance.cleared || clearance.reason !== 'members') throw new Error(`the bench's large channel came out ${JSON.stringify(clearance)}`);
      await dropClearanceChecks(db, LARGE_CHANNEL);
      return (LARGE_CHANNEL_MEMBERS + 1) / ((performance.now() - started) / 1000);
    };
    const coldPerSecond = await timeCheck();
    const cachedPerSecond = await timeCheck();
    return { members: LARGE_CHANNEL_MEMBERS + 1, coldPerSecond, cachedPerSecond };
  } finally {
    await api.close();
  }
}
