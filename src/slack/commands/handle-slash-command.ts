import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { writeAuditEntry } from '../../access/write-audit-entry.ts';
import { manageDigest } from '../../digests/manage-digest.ts';
import { AccessError, InputError } from '../../domain/errors.ts';
import type { Reply } from '../../domain/replies.ts';
import { context } from '../../render/blocks/block-kit.ts';
import { buildAnswerMessage, renderChartFiles, renderWorkbookFiles } from '../../reports/answers.ts';
import { runCommand } from '../../reports/run-command.ts';
import { buildWorkingNotice } from '../build-quick-ack.ts';
import { callSlack, slackErrorCode } from '../call-slack.ts';
import { decodeSlackText } from '../decode-slack-text.ts';
import { describeSlackFailure } from '../describe-slack-failure.ts';
import { openDirectMessage } from '../open-direct-message.ts';
import { renderNotice } from '../render-notice.ts';
import { resolveSlackCaller } from '../resolve-slack-caller.ts';
import type { SlackServices } from '../slack-services.ts';
import { uploadFiles } from '../upload-files.ts';

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
    const caller = await resolveSlackCaller(services.db, client, command.team_id, command.user_id).catch(async (error) => {
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
    await deliverCommandReply(services, { client, respond, channelId: command.channel_id, userId: command.user_id }, reply);
  } catch (error) {
    logger.error({ err: error, command: text, team: command.team_id, user: command.user_id }, 'slash command failed');
    await respond({ response_type: 'ephemeral', replace_original: true, text: describeSlackFailure(error, text) }).catch((respondError) =>
      logger.error({ err: respondError }, 'could not tell the user about the failure'),
    );
  }
}

interface CommandTarget {
  client: WebClient;
  respond: RespondFn;
  channelId: string;
  userId: string;
}

async function deliverCommandReply(services: SlackServices, target: CommandTarget, reply: Reply): Promise<void> {
  const { client, respond, channelId, userId } = target;
  if (reply.type === 'digest') {
    const text = await manageDigest({ db: services.db, client, now: services.now?.() ?? new Date() }, reply.command, reply.caller).catch((error) => {
      if (error instanceof InputError) return `:warning: ${error.message}`;
      throw error;
    });
    await respond({ response_type: 'ephemeral', replace_original: true, text });
    return;
  }
  if (reply.type !== 'stats') {
    await respond({ response_type: 'ephemeral', replace_original: true, ...renderNotice(reply, services.command) });
    return;
  }
  const { answer } = reply;
  const message = await buildAnswerMessage(services.db, answer, { note: 'Charts and files are in the thread.' });
  const files = [...(await renderChartFiles(answer)), ...(reply.export ? await renderWorkbookFiles(answer) : [])];
  let posted: { channel?: string; ts?: string };
  try {
    posted = await callSlack(() => client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks, unfurl_links: false }));
  } catch (error) {
    const code = slackErrorCode(error);
    if (code !== 'not_in_channel' && code !== 'channel_not_found' && code !== 'is_archived') throw error;
    // Not a member here: answer privately and send the files to the caller's direct messages.
    const note = `I can't post in this channel (${code}): invite me with \`/invite @miniapp-stats\`. Your charts${reply.export ? ' and workbook' : ''} are in our direct messages.`;
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      text: message.text,
      blocks: [...message.blocks.filter((b) => b.type !== 'actions').slice(0, 48), context(note)],
    });
    await uploadFiles(client, await openDirectMessage(client, userId), files, { comment: message.text });
    return;
  }
  await respond({ delete_original: true }).catch((error) => services.logger.warn({ err: error }, 'could not remove the "working on it" message'));
  await uploadFiles(client, posted.channel ?? channelId, files, { threadTs: posted.ts });
}
