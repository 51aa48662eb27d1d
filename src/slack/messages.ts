/**
 * The messages the app sends in Slack, one builder per kind: the answer with its controls, the
 * digest post and its preview, the private notices (help, whoami, refusals, input errors), the
 * "working on it" and "updating" notes, the private copy of an answer the channel refused, and
 * what the person is told when their command could not be answered.
 */
import type { KnownBlock } from '@slack/types';
import type { Knex } from 'knex';
import { describeRole } from '../access/caller.ts';
import { isDatabaseUnavailable } from '../db/database.ts';
import type { Reply } from '../domain/replies.ts';
import type { StatsAnswer } from '../domain/reports.ts';
import { echoInput } from '../query/echo-input.ts';
import { context, escapeMrkdwn, LIMITS, type SlackMessage, section } from '../render/blocks/block-kit.ts';
import { buildAnswerMessage as buildAnswerBlocks, renderStatsBlocks } from '../reports/answers.ts';
import { buildHelpText } from '../reports/help.ts';
import { decodeSlackText } from './decode-slack-text.ts';
import { InstallationUnavailableError } from './installations/installation-errors.ts';
import { rateLimitDelay, slackErrorCode } from './slack-client.ts';

/** An answer to a command or a click: its figures and the controls that refine it; its files go into its thread. */
export function buildAnswerMessage(db: Knex, answer: StatsAnswer): Promise<SlackMessage> {
  return buildAnswerBlocks(db, answer, { note: 'Charts and files are in the thread.' });
}

export interface DigestNote {
  id: number;
  /** "every Monday at 09:00 Asia/Singapore" */
  schedule: string;
}

/** A digest's scheduled post: no controls, and said to be late when it is. */
export function buildDigestMessage(answer: StatsAnswer, digest: DigestNote & { late: boolean; dueAt: string }): SlackMessage {
  const lateNote = digest.late ? ` · posted late: it was due at ${digest.dueAt}` : '';
  const message = renderStatsBlocks(answer, { interactive: false, note: `Digest #${digest.id} · ${digest.schedule}${lateNote}` });
  return { ...message, text: `${digest.late ? '[late] ' : ''}${message.text}` };
}

/** A digest's preview, sent to the admin who asked for it. */
export function buildDigestPreviewMessage(answer: StatsAnswer, digest: DigestNote & { channelId: string }): SlackMessage {
  const message = renderStatsBlocks(answer, { interactive: false, note: `Preview of digest #${digest.id} for <#${digest.channelId}> · ${digest.schedule}` });
  return { ...message, text: `[preview] ${message.text}` };
}

/** An answer shown privately because the app may not post where it was asked: without controls, saying why and where its files went. */
export function buildRefusedChannelMessage(message: SlackMessage, code: string, options: { workbook: boolean }): SlackMessage {
  const note = `I can't post in this channel (${code}): invite me with \`/invite @miniapp-stats\`. Your charts${options.workbook ? ' and workbook' : ''} are in our direct messages.`;
  return { text: message.text, blocks: [...withoutControls(message.blocks).slice(0, LIMITS.blocks - 2), context(note)] };
}

/** The controls of an answer give way to a note while its refined version is worked on. */
export function buildUpdatingMessage(text: string | undefined, blocks: KnownBlock[]): SlackMessage {
  return { text: text ?? 'Updating…', blocks: [...withoutControls(blocks).slice(0, LIMITS.blocks - 1), context(':hourglass_flowing_sand: Updating…')] };
}

function withoutControls(blocks: KnownBlock[]): KnownBlock[] {
  return blocks.filter((block) => block.type !== 'actions');
}

/** The comment of a workbook sent on "Download Excel". */
export function buildWorkbookComment(userId: string): string {
  return `<@${userId}> here is the workbook.`;
}

/** The private "working on it" note a slash command is acknowledged with (the command clipped to one short line). */
export function buildWorkingNotice(command: string, text: string): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text: `:hourglass_flowing_sand: Working on \`${command} ${showCommand(decodeSlackText(text))}\`…` };
}

/** Typed command text inside a code span: on one line, clipped, escaped, its own backticks made quotes so the span holds. */
function showCommand(text: string): string {
  return escapeMrkdwn(echoInput(text)).replace(/`/g, "'");
}

/** Why a command or click was not started: its member already has work running or waiting, or the queue is full. */
export function buildBusyNotice(refusal: { reason: 'member' | 'queue'; held: number }, commandText: string): string {
  const shown = `\`${showCommand(commandText)}\``;
  if (refusal.reason === 'member') {
    return `You have ${refusal.held} requests running or waiting; this one (${shown}) was not started. Send it again once they are answered.`;
  }
  return `${refusal.held} requests are waiting to be answered; this one (${shown}) was not started. Please try again in a minute.`;
}

/** A private message (help, whoami, refusal, input error) as Slack text and blocks. */
export function buildNoticeMessage(reply: Exclude<Reply, { type: 'stats' }>, command: string): { text: string; blocks?: KnownBlock[] } {
  switch (reply.type) {
    case 'help': {
      const text = buildHelpText(command);
      return { text, blocks: text.split('\n\n').map((part) => section(part)) };
    }
    case 'whoami': {
      const { caller } = reply;
      const who = caller.member ? `${escapeMrkdwn(caller.member.email)}, role ${escapeMrkdwn(describeRole(caller))}` : 'the operator console';
      const text = `You are ${who} in *${escapeMrkdwn(caller.workspace.name)}* (\`${escapeMrkdwn(caller.workspace.workspaceId)}\`, ${caller.workspace.timezone}). Analytics: ${reply.canSeeData ? 'yes' : 'no'} · digests: ${reply.canManageDigests ? 'yes' : 'no'}.`;
      return { text, blocks: [section(text)] };
    }
    case 'invalid':
      return {
        text: reply.message,
        blocks: [section(`:warning: ${escapeMrkdwn(reply.message)}`), context(`Say \`${command} help\` for every command and example.`)],
      };
    case 'denied':
      return { text: reply.message, blocks: [section(`:no_entry: ${escapeMrkdwn(reply.message)}`)] };
    case 'digest':
      return { text: 'Digests are managed in Slack: `/miniapp-stats digest list`.' };
  }
}

/** What the person in Slack is told when their command could not be answered. Never a stack trace. */
export function describeSlackFailure(error: unknown, commandText: string): string {
  const shown = `\`${showCommand(commandText)}\``;
  if (isDatabaseUnavailable(error)) {
    return `The analytics database is not reachable right now, so ${shown} was not answered. Nothing was changed; please try again in a minute.`;
  }
  const retry = rateLimitDelay(error);
  if (retry !== null) return `Slack asked me to slow down (retry in ${retry} s), so ${shown} was not answered. Please try again shortly.`;
  const code = slackErrorCode(error);
  if (code) return `Slack refused my answer to ${shown} (${code}). Please try again; if it persists, tell a workspace admin.`;
  return `Something went wrong while answering ${shown}. It has been logged; please try again.`;
}

/**
 * What the person in Slack is told when their workspace's installation cannot serve the request
 * (distributed mode): why, and who does what about it. `installUrl` is the install page, when known.
 */
export function describeInstallationFailure(error: unknown, commandText: string, installUrl?: string): string {
  if (!(error instanceof InstallationUnavailableError)) return describeSlackFailure(error, commandText);
  const shown = `\`${commandText.slice(0, 200)}\``;
  const page = installUrl ? `the app's install page, ${installUrl}` : "the app's install page";
  switch (error.problem) {
    case 'not_installed':
    case 'revoked':
      return `miniapp-stats is not installed in this Slack workspace any more, so ${shown} was not answered. A Slack administrator installs it again from ${page}.`;
    case 'needs_reinstall':
      return `Slack no longer accepts the credentials of miniapp-stats in this Slack workspace, so ${shown} was not answered. A Slack administrator reinstalls the app from ${page}; digests resume after that.`;
    case 'tokens_unreadable':
      return `miniapp-stats cannot read its stored credentials for this Slack workspace, so ${shown} was not answered. The operator of miniapp-stats restores its token key (MINIAPP_STATS_TOKEN_KEY), or a Slack administrator reinstalls the app from ${page}.`;
    case 'refresh_failed':
      return `miniapp-stats could not renew its access to this Slack workspace just now, so ${shown} was not answered. Please try again in a minute.`;
  }
}
