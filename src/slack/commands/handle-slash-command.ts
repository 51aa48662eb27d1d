import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { canManageDigests, canSeeData } from '../../access/caller.ts';
import { writeAuditEntry } from '../../access/write-audit-entry.ts';
import { manageDigest } from '../../digests/manage-digest.ts';
import { AccessError, InputError } from '../../domain/errors.ts';
import type { Caller } from '../../domain/records.ts';
import type { Reply } from '../../domain/replies.ts';
import { renderChartFiles, renderWorkbookFiles } from '../../reports/answers.ts';
import { parseCommand } from '../../reports/parse-command.ts';
import { runCommand } from '../../reports/run-command.ts';
import { handledLater } from '../../util/handled-later.ts';
import { type Clearance, checkClearance } from '../clearance.ts';
import { decodeSlackText } from '../decode-slack-text.ts';
import { deliverAnswer } from '../deliver-answer.ts';
import {
  buildBusyNotice,
  buildNoticeMessage,
  buildPrivateAnswerMessage,
  buildSharedAnswerMessage,
  buildWorkingNotice,
  describePrivateReason,
  describeSlackFailure,
  type PrivateReason,
  readFreshness,
} from '../messages.ts';
import { resolveSlackCaller } from '../resolve-slack-caller.ts';
import { SlackClient, slackErrorCode } from '../slack-client.ts';
import type { SlackServices } from '../slack-services.ts';
import { manageChannels } from './manage-channels.ts';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** How long after the acknowledgement the check of who is in the conversation may run before the answer goes out privately. */
const CLEARANCE_WAIT_MS = 3000;

/**
 * `/miniapp-stats ...`: acknowledged at once with a private "working on it"; the answer follows.
 * Cheap answers (help, whoami, input errors, refusals, digest management) are given at once;
 * answers with figures, charts or workbooks wait their turn in the member's lane of the fair queue.
 */
export function handleSlashCommand(services: SlackServices) {
  return async ({ command, ack, respond, client, context }: Args): Promise<void> => {
    const text = decodeSlackText(command.text ?? '');
    // Over HTTP the front has already sent this note; in Socket Mode this is the acknowledgement.
    await ack(buildWorkingNotice(services.command, command.text ?? ''));
    await answerCommand(services, { command, respond, client, botUserId: context.botUserId, acknowledgedAt: Date.now() }, text);
  };
}

interface CommandRequest extends Pick<Args, 'command' | 'respond' | 'client'> {
  botUserId: string | undefined;
  acknowledgedAt: number;
}

async function answerCommand(services: SlackServices, request: CommandRequest, text: string): Promise<void> {
  const { command, respond, client } = request;
  const { logger } = services;
  const audit = (outcome: 'denied' | 'busy', detail: string, caller: Caller | null = null) =>
    writeAuditEntry(services.db, {
      surface: 'slack',
      command: text,
      outcome,
      detail,
      caller,
      slackTeamId: command.team_id,
      slackUserId: command.user_id,
    }).catch((auditError) => logger.error({ err: auditError }, 'audit entry not written'));
  try {
    const slack = SlackClient.forRequest(client);
    const caller = await resolveSlackCaller(services.db, slack, command.team_id, command.user_id).catch(async (error) => {
      if (!(error instanceof AccessError)) throw error;
      await audit('denied', error.message);
      await respond({ response_type: 'ephemeral', replace_original: true, text: error.message });
      return null;
    });
    if (!caller) return;
    const target = { slack, respond, channelId: command.channel_id, userId: command.user_id, text };
    // Who is in the conversation is checked while the answer waits its turn and is worked out.
    const clearance = startClearanceCheck(services, { ...target, caller, botUserId: request.botUserId, acknowledgedAt: request.acknowledgedAt });
    const answer = async () => {
      const reply = await runCommand(
        { db: services.db, caller, now: services.now?.(), onAuditFailure: (error) => logger.error({ err: error }, 'audit entry not written') },
        text,
      );
      await deliverCommandReply(services, { ...target, clearance }, reply);
    };
    if (!isHeavy(text, caller)) {
      await answer();
      return;
    }
    const admission = services.work.enqueue({ workspace: command.team_id, member: command.user_id }, answer);
    if (!admission.accepted) {
      const notice = buildBusyNotice(admission, text);
      await audit('busy', notice, caller);
      await respond({ response_type: 'ephemeral', replace_original: true, text: notice });
      return;
    }
    await admission.done;
  } catch (error) {
    logger.error({ err: error, command: text, team: command.team_id, user: command.user_id }, 'slash command failed');
    await respond({ response_type: 'ephemeral', replace_original: true, text: describeSlackFailure(error, text) }).catch((respondError) =>
      logger.error({ err: respondError }, 'could not tell the user about the failure'),
    );
  }
}

/**
 * Whether the command will read figures and render charts or a workbook for this caller: a
 * statistics answer the caller may see, or a digest preview by an admin. Anything else (help,
 * whoami, a typo, a refusal, digest add, list and remove) is answered without waiting.
 */
function isHeavy(text: string, caller: Caller): boolean {
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(text);
  } catch (error) {
    if (error instanceof InputError) return false;
    throw error;
  }
  if (parsed.verb === 'stats') return canSeeData(caller);
  return parsed.verb === 'digest' && parsed.digest.action === 'preview' && canManageDigests(caller);
}

interface CommandTarget {
  slack: SlackClient;
  respond: RespondFn;
  channelId: string;
  userId: string;
  /** The command text as typed. */
  text: string;
}

/**
 * For a statistics command that may be shared (one the caller may see, without `private`): the
 * check of the conversation, answering `checking` when it runs past CLEARANCE_WAIT_MS after the
 * acknowledgement. Null for anything else.
 */
function startClearanceCheck(
  services: SlackServices,
  target: CommandTarget & { caller: Caller; botUserId: string | undefined; acknowledgedAt: number },
): Promise<Clearance> | null {
  let shareable: boolean;
  try {
    const parsed = parseCommand(target.text);
    shareable = parsed.verb === 'stats' && !parsed.private && canSeeData(target.caller);
  } catch {
    shareable = false;
  }
  if (!shareable) return null;
  const check = checkClearance(
    { db: services.db, slack: target.slack, logger: services.logger },
    { workspace: target.caller.workspace, channelId: target.channelId, botUserId: target.botUserId },
    { waitMs: target.acknowledgedAt + CLEARANCE_WAIT_MS - Date.now() },
  ).catch((error): Clearance => {
    // Whatever went wrong, the answer is not shared.
    services.logger.warn({ err: error, channel: target.channelId }, 'could not check who is in the conversation');
    return { cleared: false, reason: 'unreadable', code: slackErrorCode(error) ?? 'check_failed' };
  });
  return handledLater(check);
}

async function deliverCommandReply(services: SlackServices, target: CommandTarget & { clearance: Promise<Clearance> | null }, reply: Reply): Promise<void> {
  const { slack, respond, channelId, userId } = target;
  const { db } = services;
  if (reply.type === 'digest') {
    const text = await manageDigest({ db: services.db, slack, now: services.now?.() ?? new Date() }, reply.command, reply.caller).catch((error) => {
      if (error instanceof InputError) return `:warning: ${error.message}`;
      throw error;
    });
    await respond({ response_type: 'ephemeral', replace_original: true, text });
    return;
  }
  if (reply.type === 'channel') {
    const text = await manageChannels({ db, now: services.now?.() ?? new Date(), command: services.command }, reply.command, reply.caller);
    await respond({ response_type: 'ephemeral', replace_original: true, text });
    return;
  }
  if (reply.type !== 'stats') {
    await respond({ response_type: 'ephemeral', replace_original: true, ...buildNoticeMessage(reply, services.command) });
    return;
  }
  const { answer } = reply;
  const files = [...(await renderChartFiles(answer)), ...(reply.export ? await renderWorkbookFiles(answer) : [])];
  const workspace = answer.request.workspace;
  const unchecked: Clearance = { cleared: false, reason: 'unreadable', code: 'not_checked' };
  const clearance = reply.private ? null : await (target.clearance ?? unchecked);
  const reason: PrivateReason | null =
    clearance === null
      ? { kind: 'asked' }
      : clearance.cleared
        ? null
        : { kind: 'conversation', clearance, workspaceName: workspace.name, command: services.command };
  const shared = reason === null;
  const message =
    reason === null
      ? await buildSharedAnswerMessage(db, answer, { userId, command: services.command, text: target.text }, await readFreshness(db, workspace))
      : await buildPrivateAnswerMessage(db, answer, describePrivateReason(reason), { workbook: reply.export });
  await deliverAnswer(slack, { kind: 'command', channelId, userId, respond, logger: services.logger, shared }, { message, files, workbook: reply.export });
}
