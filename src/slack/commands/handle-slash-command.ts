import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { writeAuditEntry } from '../../access/write-audit-entry.ts';
import { manageDigest } from '../../digests/manage-digest.ts';
import { AccessError, InputError } from '../../domain/errors.ts';
import type { Reply } from '../../domain/replies.ts';
import { renderChartFiles, renderWorkbookFiles } from '../../reports/answers.ts';
import { runCommand } from '../../reports/run-command.ts';
import { decodeSlackText } from '../decode-slack-text.ts';
import { deliverAnswer } from '../deliver-answer.ts';
import { buildAnswerMessage, buildNoticeMessage, buildWorkingNotice, describeSlackFailure } from '../messages.ts';
import { resolveSlackCaller } from '../resolve-slack-caller.ts';
import { SlackClient } from '../slack-client.ts';
import type { SlackServices } from '../slack-services.ts';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/miniapp-stats ...`: acknowledged at once with a private "working on it"; the answer follows. */
export function handleSlashCommand(services: SlackServices) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    const text = decodeSlackText(command.text ?? '');
    // Over HTTP the front has already sent this note; in Socket Mode this is the acknowledgement.
    await ack(buildWorkingNotice(services.command, command.text ?? ''));
    await services.work.run(() => answerCommand(services, { command, respond, client }, text));
  };
}

async function answerCommand(services: SlackServices, { command, respond, client }: Pick<Args, 'command' | 'respond' | 'client'>, text: string): Promise<void> {
  const { logger } = services;
  try {
    const slack = SlackClient.forRequest(client);
    const caller = await resolveSlackCaller(services.db, slack, command.team_id, command.user_id).catch(async (error) => {
      if (!(error instanceof AccessError)) throw error;
      await writeAuditEntry(services.db, {
        surface: 'slack',
        command: text,
        outcome: 'denied',
        detail: error.message,
        slackTeamId: command.team_id,
        slackUserId: command.user_id,
      }).catch((auditError) => logger.error({ err: auditError }, 'audit entry not written'));
      await respond({ response_type: 'ephemeral', replace_original: true, text: error.message });
      return null;
    });
    if (!caller) return;
    const reply = await runCommand(
      { db: services.db, caller, now: services.now?.(), onAuditFailure: (error) => logger.error({ err: error }, 'audit entry not written') },
      text,
    );
    await deliverCommandReply(services, { slack, respond, channelId: command.channel_id, userId: command.user_id }, reply);
  } catch (error) {
    logger.error({ err: error, command: text, team: command.team_id, user: command.user_id }, 'slash command failed');
    await respond({ response_type: 'ephemeral', replace_original: true, text: describeSlackFailure(error, text) }).catch((respondError) =>
      logger.error({ err: respondError }, 'could not tell the user about the failure'),
    );
  }
}

interface CommandTarget {
  slack: SlackClient;
  respond: RespondFn;
  channelId: string;
  userId: string;
}

async function deliverCommandReply(services: SlackServices, target: CommandTarget, reply: Reply): Promise<void> {
  const { slack, respond, channelId, userId } = target;
  if (reply.type === 'digest') {
    const text = await manageDigest({ db: services.db, slack, now: services.now?.() ?? new Date() }, reply.command, reply.caller).catch((error) => {
      if (error instanceof InputError) return `:warning: ${error.message}`;
      throw error;
    });
    await respond({ response_type: 'ephemeral', replace_original: true, text });
    return;
  }
  if (reply.type !== 'stats') {
    await respond({ response_type: 'ephemeral', replace_original: true, ...buildNoticeMessage(reply, services.command) });
    return;
  }
  const { answer } = reply;
  const message = await buildAnswerMessage(services.db, answer);
  const files = [...(await renderChartFiles(answer)), ...(reply.export ? await renderWorkbookFiles(answer) : [])];
  await deliverAnswer(slack, { kind: 'command', channelId, userId, respond, logger: services.logger }, { message, files, workbook: reply.export });
}
