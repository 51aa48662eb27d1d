import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { canSeeData } from '../../access/caller.ts';
import { writeAuditEntry } from '../../access/write-audit-entry.ts';
import { AccessError } from '../../domain/errors.ts';
import { renderChartFiles, renderWorkbookFiles } from '../../reports/answers.ts';
import { runCommand } from '../../reports/run-command.ts';
import { deliverAnswer } from '../deliver-answer.ts';
import { buildAnswerMessage, buildBusyNotice, buildNoticeMessage, buildUpdatingMessage, buildWorkbookComment, describeSlackFailure } from '../messages.ts';
import { resolveSlackCaller } from '../resolve-slack-caller.ts';
import { SlackClient } from '../slack-client.ts';
import type { SlackServices } from '../slack-services.ts';
import { readActionCommand } from './read-action-command.ts';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * Period, sort, metric and category controls, and "Download Excel": acknowledged at once; the
 * clicker's own access is checked; the message is updated in place (files go to its thread).
 */
export function handleRefineAction(services: SlackServices) {
  return async ({ ack, body, client, respond }: Args): Promise<void> => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const admission = services.work.enqueue({ workspace: teamId, member: body.user.id }, () => refine(services, { body, client, respond }));
    if (admission.accepted) return admission.done;
    const notice = buildBusyNotice(admission, readActionCommand(body) ?? '');
    await writeAuditEntry(services.db, {
      surface: 'slack',
      command: readActionCommand(body) ?? '',
      outcome: 'busy',
      detail: notice,
      slackTeamId: teamId,
      slackUserId: body.user.id,
    }).catch((error) => services.logger.error({ err: error }, 'audit entry not written'));
    await respond({ response_type: 'ephemeral', replace_original: false, text: notice }).catch((error) =>
      services.logger.error({ err: error }, 'could not reach the clicker'),
    );
  };
}

async function refine(services: SlackServices, { body, client, respond }: Pick<Args, 'body' | 'client' | 'respond'>): Promise<void> {
  const { logger } = services;
  const slack = SlackClient.forRequest(client);
  const text = readActionCommand(body);
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const messageTs: string | undefined = body.message?.ts ?? body.container?.message_ts;
  const threadTs: string | undefined = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? messageTs;
  const ephemeral = Boolean(body.container?.is_ephemeral) || !body.message;
  const tellClicker = (message: string) =>
    respond({ response_type: 'ephemeral', replace_original: false, text: message }).catch((error) =>
      logger.error({ err: error }, 'could not reach the clicker'),
    );
  if (!text || !channelId) {
    await tellClicker('That button is from an older version of this message; run the command again.');
    return;
  }
  const clicked = !ephemeral && messageTs ? { ts: messageTs, threadTs: threadTs ?? messageTs } : null;
  try {
    const caller = await resolveSlackCaller(services.db, slack, teamId, body.user.id);
    const exporting = text.startsWith('export ');
    if (canSeeData(caller) && !exporting && clicked && body.message?.blocks) {
      // Show that work is under way: the controls give way to a note until the new answer is in.
      const updating = buildUpdatingMessage(body.message.text, body.message.blocks as KnownBlock[]);
      await slack.updateMessage({ channel: channelId, ts: clicked.ts, ...updating }).catch((error) => logger.warn({ err: error }, 'progress update failed'));
    }
    const reply = await runCommand(
      { db: services.db, caller, now: services.now?.(), onAuditFailure: (error) => logger.error({ err: error }, 'audit entry not written') },
      text,
    );
    if (reply.type !== 'stats') {
      await tellClicker(buildNoticeMessage(reply, services.command).text);
      return;
    }
    const origin = { kind: 'click', channelId, userId: body.user.id, respond, clicked } as const;
    if (reply.export) {
      const files = await renderWorkbookFiles(reply.answer);
      await deliverAnswer(slack, origin, { message: null, files, comment: buildWorkbookComment(body.user.id), workbook: true });
      return;
    }
    const message = await buildAnswerMessage(services.db, reply.answer);
    const charts = await renderChartFiles(reply.answer);
    await deliverAnswer(slack, origin, { message, files: charts });
  } catch (error) {
    if (error instanceof AccessError) {
      await tellClicker(error.message);
      return;
    }
    logger.error({ err: error, command: text, user: body.user.id }, 'action failed');
    await tellClicker(describeSlackFailure(error, text));
    if (clicked && body.message?.blocks) {
      // Put the controls back so the person can try again.
      await slack
        .updateMessage({ channel: channelId, ts: clicked.ts, text: body.message.text ?? '', blocks: body.message.blocks as KnownBlock[] })
        .catch(() => undefined);
    }
  }
}
