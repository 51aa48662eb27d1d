/**
 * The messages the app sends in Slack, one builder per kind: the answer with its controls, shared
 * (ending with who asked, what and how fresh) or private (saying why), the digest post and its
 * preview, the private notices (help, whoami, refusals, input errors), the "working on it" note,
 * the private copy of an answer the channel refused, why a conversation is not cleared for
 * analytics, and what the person is told when their command could not be answered.
 */
import type { KnownBlock } from '@slack/types';
import type { Knex } from 'knex';
import { describeRole } from '../access/caller.ts';
import { isDatabaseUnavailable } from '../db/database.ts';
import type { WorkspaceRecord } from '../domain/records.ts';
import type { Reply } from '../domain/replies.ts';
import type { StatsAnswer } from '../domain/reports.ts';
import type { Day } from '../domain/types.ts';
import { echoInput } from '../query/echo-input.ts';
import { clip, context, escapeMrkdwn, LIMITS, type SlackMessage, section } from '../render/blocks/block-kit.ts';
import { buildAnswerMessage as buildAnswerBlocks, renderStatsBlocks } from '../reports/answers.ts';
import { buildHelpText } from '../reports/help.ts';
import { readLastActivityDay } from '../stats/read-last-activity-day.ts';
import type { Clearance } from './clearance.ts';
import { decodeSlackText } from './decode-slack-text.ts';
import { InstallationUnavailableError } from './installations/installation-errors.ts';
import { rateLimitDelay, slackErrorCode } from './slack-client.ts';

/** Who asked for a shared answer, and how: its context line says so. */
export interface AskedBy {
  userId: string;
  /** The slash command, e.g. /miniapp-stats. */
  command: string;
  /** The command text as typed (decoded from Slack's escaping). */
  text: string;
}

/** How fresh a workspace's data is: its last day with activity. */
export interface Freshness {
  lastDay: Day | null;
  zone: string;
}

/**
 * An answer posted for everyone in a conversation: its figures, the controls that refine it (a
 * click answers the clicker alone), files in its thread, and last who asked, what, and how fresh
 * the data is.
 */
export async function buildSharedAnswerMessage(db: Knex, answer: StatsAnswer, asked: AskedBy, freshness: Freshness): Promise<SlackMessage> {
  const message = await buildAnswerBlocks(db, answer, { note: 'Charts and files are in the thread.' });
  // Inside a code span, where a backtick would end it early.
  const typed = clip(asked.text, 300).replace(/`/g, 'ˋ');
  const line = `Asked by <@${asked.userId}> · \`${escapeMrkdwn(`${asked.command} ${typed}`.trim())}\` · ${describeFreshness(freshness)}`;
  return { text: message.text, blocks: [...message.blocks.slice(0, LIMITS.blocks - 1), context(line)] };
}

/** How fresh a workspace's data is now. */
export async function readFreshness(db: Knex, workspace: WorkspaceRecord): Promise<Freshness> {
  return { lastDay: await readLastActivityDay(db, workspace.workspaceId), zone: workspace.timezone };
}

/** "data through 2026-10-15 (Asia/Singapore)": the last day with activity in the workspace. */
export function describeFreshness({ lastDay, zone }: Freshness): string {
  return lastDay === null ? `no activity yet (${zone})` : `data through ${lastDay} (${zone})`;
}

/**
 * An answer shown to one person alone (ephemeral): its controls refine it in place; a note says
 * why only they see it and that its files are in their direct messages with the app.
 */
export async function buildPrivateAnswerMessage(db: Knex, answer: StatsAnswer, why: string, options: { workbook?: boolean } = {}): Promise<SlackMessage> {
  const files = options.workbook ? 'charts and workbook' : 'charts';
  return buildAnswerBlocks(db, answer, { note: `:lock: Only you can see this answer: ${why} Your ${files} are in our direct messages.` });
}

/** Why a private answer is private. */
export type PrivateReason =
  | { kind: 'asked' }
  /** A click on a shared answer: the refinement is the clicker's own. */
  | { kind: 'refined' }
  /** A click on a private answer: it stays private. */
  | { kind: 'refined privately' }
  | { kind: 'conversation'; clearance: Extract<Clearance, { cleared: false }>; workspaceName: string; command: string };

export function describePrivateReason(reason: PrivateReason): string {
  switch (reason.kind) {
    case 'asked':
      return 'you asked for it with `private`.';
    case 'refined':
      return 'you refined an answer shared in the channel, which stays as it is for everyone else.';
    case 'refined privately':
      return 'it refines an answer that was shown to you alone.';
    case 'conversation':
      return describeUnclearedConversation(reason.clearance, { where: 'this conversation', ...reason });
  }
}

/**
 * Why a conversation is not cleared for analytics, and what would clear it. Says how many of its
 * members cannot see the workspace's analytics, never who.
 */
export function describeUnclearedConversation(
  clearance: Extract<Clearance, { cleared: false }>,
  place: { where: string; workspaceName: string; command: string },
): string {
  const { where, command } = place;
  const workspace = escapeMrkdwn(place.workspaceName);
  switch (clearance.reason) {
    case 'members': {
      const { withoutRole, humans } = clearance;
      const who = withoutRole === humans ? `${describeCount(humans, 'member')} of ${where}` : `${withoutRole} of the ${humans} members of ${where}`;
      return `${who} cannot see ${workspace} analytics. To share answers there, an admin can run \`${command} channel allow #channel\`, or invite only members with a data role (admin, developer, operator).`;
    }
    case 'checking':
      return `I am still checking who is in ${where}. The check goes on: ask again in a minute and I will know whether everyone there may see ${workspace} analytics.`;
    case 'unreadable':
      return `I cannot see who is in ${where} (${clearance.code}). Answers are shared only in conversations I am in whose members all have a data role, or that an admin cleared with \`${command} channel allow #channel\`.`;
  }
}

function describeCount(count: number, noun: string): string {
  return count === 1 ? `The one ${noun}` : `All ${count} ${noun}s`;
}

export interface DigestNote {
  id: number;
  /** "every Monday at 09:00 Asia/Singapore" */
  schedule: string;
}

/** A digest's scheduled post: no controls, how fresh its data is, and said to be late when it is. */
export function buildDigestMessage(answer: StatsAnswer, digest: DigestNote & { late: boolean; dueAt: string; freshness: Freshness }): SlackMessage {
  const lateNote = digest.late ? ` · posted late: it was due at ${digest.dueAt}` : '';
  const message = renderStatsBlocks(answer, {
    interactive: false,
    note: `Digest #${digest.id} · ${digest.schedule}${lateNote} · ${describeFreshness(digest.freshness)}`,
  });
  return { ...message, text: `${digest.late ? '[late] ' : ''}${message.text}` };
}

/** A digest's preview, sent to the admin who asked for it. */
export function buildDigestPreviewMessage(answer: StatsAnswer, digest: DigestNote & { channelId: string; freshness: Freshness }): SlackMessage {
  const message = renderStatsBlocks(answer, {
    interactive: false,
    note: `Preview of digest #${digest.id} for <#${digest.channelId}> · ${digest.schedule} · ${describeFreshness(digest.freshness)}`,
  });
  return { ...message, text: `[preview] ${message.text}` };
}

/** An answer shown privately because the app may not post where it was asked: without controls, saying why and where its files went. */
export function buildRefusedChannelMessage(message: SlackMessage, code: string, options: { workbook: boolean }): SlackMessage {
  const note = `I can't post in this channel (${code}): invite me with \`/invite @miniapp-stats\`. Your charts${options.workbook ? ' and workbook' : ''} are in our direct messages.`;
  return { text: message.text, blocks: [...withoutControls(message.blocks).slice(0, LIMITS.blocks - 2), context(note)] };
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
    case 'channel':
      return { text: 'Channels are cleared in Slack: `/miniapp-stats channel list`.' };
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
