import type { Knex } from 'knex';
import type { DigestCommand } from '../domain/commands.ts';
import { InputError } from '../domain/errors.ts';
import type { Caller } from '../domain/records.ts';
import { buildCommandText, renderChartFiles, resolveStatsRequest } from '../reports/answers.ts';
import { describeUnlinkedChannel } from '../reports/parse-command.ts';
import { checkClearance } from '../slack/clearance.ts';
import { deliverAnswer } from '../slack/deliver-answer.ts';
import { buildDigestPreviewMessage, describeUnclearedConversation, readFreshness } from '../slack/messages.ts';
import { type SlackClient, slackErrorCode } from '../slack/slack-client.ts';
import { addDays } from '../util/days.ts';
import { answerDigestContent } from './answer-digest-content.ts';
import { computeSlot, isScheduledOn, localDayOf } from './compute-slot.ts';
import { describeSchedule } from './describe-schedule.ts';
import { type DigestRecord, readDigests } from './digest-record.ts';
import { readLatestRuns } from './digest-runs.ts';

export interface DigestManagement {
  db: Knex;
  slack: SlackClient;
  now: Date;
  /** How long `add` waits for the check of the channel's members; default ADD_CHECK_WAIT_MS. */
  checkWaitMs?: number;
}

/** A check of a large channel that takes longer is left running: the admin is asked to try again. */
const ADD_CHECK_WAIT_MS = 3000;

/** `digest add|list|remove|preview` for an admin; returns the private reply. InputError for bad requests. */
export async function manageDigest(deps: DigestManagement, command: DigestCommand, caller: Caller): Promise<string> {
  const { workspace } = caller;
  switch (command.action) {
    case 'list': {
      const digests = await readDigests(deps.db, workspace.workspaceId);
      if (digests.length === 0) return 'No digests yet. Add one with `/miniapp-stats digest add #channel daily 09:00 overview`.';
      const latest = await readLatestRuns(
        deps.db,
        digests.map((d) => d.id),
      );
      return digests
        .map((d) => {
          const run = latest.get(d.id);
          const last = run
            ? `last: ${run.status}${run.late ? ' (late)' : ''} on ${run.localDay}${run.lastError && run.status !== 'posted' ? ` (${run.lastError})` : ''}`
            : 'no run yet';
          return `• #${d.id} <#${d.channelId}> ${describeSchedule(d)}: \`${d.content}\` · ${last}`;
        })
        .join('\n');
    }
    case 'remove': {
      const digest = await findDigest(deps.db, workspace.workspaceId, command.id);
      await deps.db('digests').where('id', digest.id).update({ removed_at_ms: deps.now.getTime() });
      return `Digest #${digest.id} removed: <#${digest.channelId}> no longer gets \`${digest.content}\`.`;
    }
    case 'preview': {
      const digest = await findDigest(deps.db, workspace.workspaceId, command.id);
      const answer = await answerDigestContent(deps.db, workspace, digest.content, localDayOf(deps.now, digest.timezone), deps.now);
      const message = buildDigestPreviewMessage(answer, {
        id: digest.id,
        channelId: digest.channelId,
        schedule: describeSchedule(digest),
        freshness: await readFreshness(deps.db, workspace),
      });
      if (!caller.slackUserId) throw new InputError('Previews are sent by direct message in Slack.');
      await deliverAnswer(deps.slack, { kind: 'preview', userId: caller.slackUserId }, { message, files: await renderChartFiles(answer) });
      return `Preview of digest #${digest.id} sent to you in a direct message.`;
    }
    case 'add':
      return addDigest(deps, command, caller);
  }
}

async function addDigest(deps: DigestManagement, command: Extract<DigestCommand, { action: 'add' }>, caller: Caller): Promise<string> {
  const { workspace } = caller;
  const channelId = command.channel.id;
  if (channelId === null) {
    throw new InputError(describeUnlinkedChannel(command.channel.name));
  }
  const request = await resolveStatsRequest(deps.db, workspace, command.content, deps.now);
  let info: Awaited<ReturnType<SlackClient['readConversation']>>;
  try {
    info = await deps.slack.readConversation(channelId);
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'channel_not_found')
      throw new InputError(
        `I can't see channel ${channelId}: it does not exist, or it is private and I am not in it. Invite me with \`/invite @miniapp-stats\` there first.`,
      );
    throw error;
  }
  const name = info?.name ? `#${info.name}` : channelId;
  if (info?.is_archived) throw new InputError(`${name} is archived; choose another channel.`);
  if (info && info.is_member === false)
    throw new InputError(`I am not in ${name} yet: invite me with \`/invite @miniapp-stats\` there, then add the digest again.`);
  const clearance = await checkClearance({ db: deps.db, slack: deps.slack }, { workspace, channelId }, { waitMs: deps.checkWaitMs ?? ADD_CHECK_WAIT_MS });
  if (!clearance.cleared) {
    const why = describeUnclearedConversation(clearance, { where: `<#${channelId}>`, workspaceName: workspace.name, command: '/miniapp-stats' });
    throw new InputError(`Digests post only into channels cleared for analytics, and <#${channelId}> is not: ${why}`);
  }
  const content = buildCommandText(request, { undated: true });
  const nowMs = deps.now.getTime();
  const [id] = await deps.db('digests').insert({
    workspace_id: workspace.workspaceId,
    channel_id: channelId,
    cadence: command.cadence,
    weekday: command.weekday,
    time_of_day: command.time,
    content,
    created_by: caller.slackUserId ?? 'console',
    created_at_ms: nowMs,
  });
  const digest: DigestRecord = {
    id: Number(id),
    workspaceId: workspace.workspaceId,
    timezone: workspace.timezone,
    channelId,
    cadence: command.cadence,
    weekday: command.weekday,
    timeOfDay: command.time,
    content,
    createdBy: caller.slackUserId ?? 'console',
    createdAtMs: nowMs,
  };
  return `Digest #${digest.id} added: <#${channelId}> gets \`${content}\` ${describeSchedule(digest)}. First post: ${nextPost(digest, deps.now)}.`;
}

function nextPost(digest: DigestRecord, now: Date): string {
  for (let ahead = 0; ahead <= 8; ahead++) {
    const day = addDays(localDayOf(now, digest.timezone), ahead);
    if (!isScheduledOn(digest, day)) continue;
    const slot = computeSlot(digest, day, digest.timezone);
    if (slot.toMillis() >= now.getTime()) return `${day} ${slot.toFormat('HH:mm')} ${digest.timezone}`;
  }
  return 'soon';
}

async function findDigest(db: Knex, workspaceId: string, id: number): Promise<DigestRecord> {
  const digest = (await readDigests(db, workspaceId)).find((d) => d.id === id);
  if (!digest) throw new InputError(`There is no digest #${id} in this workspace; \`/miniapp-stats digest list\` shows them.`);
  return digest;
}
