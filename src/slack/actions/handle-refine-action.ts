import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { writeAuditEntry } from '../../access/write-audit-entry.ts';
import { AccessError } from '../../domain/errors.ts';
import { renderChartFiles, renderWorkbookFiles } from '../../reports/answers.ts';
import { runCommand } from '../../reports/run-command.ts';
import { deliverAnswer } from '../deliver-answer.ts';
import {
  buildBusyNotice,
  buildNoticeMessage,
  buildPrivateAnswerMessage,
  buildWorkbookComment,
  describePrivateReason,
  describeSlackFailure,
} from '../messages.ts';
import { resolveSlackCaller } from '../resolve-slack-caller.ts';
import { SlackClient } from '../slack-client.ts';
import type { SlackServices } from '../slack-services.ts';
import { readActionCommand } from './read-action-command.ts';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * Period, sort, metric and category controls, and "Download Excel": acknowledged at once; the
 * clicker's own access is checked; the refined answer is the clicker's alone. A click on a shared
 * answer gets a private answer beside it (the shared one is never edited under its readers); a
 * click on a private answer replaces it. Files go to the clicker's direct messages.
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
  const ephemeral = Boolean(body.container?.is_ephemeral) || !body.message;
  const tellClicker = (message: string) =>
    respond({ response_type: 'ephemeral', replace_original: false, text: message }).catch((error) =>
      logger.error({ err: error }, 'could not reach the clicker'),
    );
  if (!text) {
    await tellClicker('That button is from an older version of this message; run the command again.');
    return;
  }
  const clicked = ephemeral ? 'private' : 'shared';
  try {
    const caller = await resolveSlackCaller(services.db, slack, teamId, body.user.id);
    const reply = await runCommand(
      { db: services.db, caller, now: services.now?.(), onAuditFailure: (error) => logger.error({ err: error }, 'audit entry not written') },
      text,
    );
    if (reply.type !== 'stats') {
      await tellClicker(buildNoticeMessage(reply, services.command).text);
      return;
    }
    const origin = { kind: 'click', userId: body.user.id, respond, clicked } as const;
    if (reply.export) {
      const files = await renderWorkbookFiles(reply.answer);
      await deliverAnswer(slack, origin, { message: null, files, comment: buildWorkbookComment(body.user.id), workbook: true });
      return;
    }
    const why = describePrivateReason({ kind: clicked === 'shared' ? 'refined' : 'refined privately' });
    const message = await buildPrivateAnswerMessage(services.db, reply.answer, why);
    const charts = await renderChartFiles(reply.answer);
    await deliverAnswer(slack, origin, { message, files: charts });
  } catch (error) {
    if (error instanceof AccessError) {
      await tellClicker(error.message);
      return;
    }
    logger.error({ err: error, command: text, user: body.user.id }, 'action failed');
    await tellClicker(describeSlackFailure(error, text));
  }
}
