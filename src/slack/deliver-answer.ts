/**
 * Where an answer and its files go in Slack, decided in one place for every surface: a command, a
 * click on an answer's controls, a digest's preview and a digest's post. Each surface says what
 * asked (the origin) and hands over the message and files; this module posts the message or
 * shows it privately, and puts the files beside it: in the thread of a shared answer, in the
 * person's direct messages with the app for a private one. A conversation that refuses the app
 * gets the answer privately too. A shared message is never edited: its readers keep what they read.
 */
import type { RespondFn } from '@slack/bolt';
import type { MessageMetadata } from '@slack/types';
import type { Logger } from 'pino';
import type { AnswerFile } from '../render/answer-files.ts';
import type { SlackMessage } from '../render/blocks/block-kit.ts';
import { buildRefusedChannelMessage } from './messages.ts';
import { type PostedMessage, type SlackClient, slackErrorCode } from './slack-client.ts';

/** The errors of a conversation the app may not post in: the caller gets the answer privately instead. */
const REFUSING_CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * The steps of a delivery that must happen exactly once however often it is attempted (a
 * digest's post, retried and taken over by other replicas): an earlier attempt's message is
 * looked up before posting, and each step is recorded as soon as it is done.
 */
export interface DeliverySteps {
  /** The message an earlier attempt posted, if any: then it is not posted again. */
  findPosted(): Promise<PostedMessage | null>;
  beforePost(): Promise<void>;
  /** Right after posting, before any file goes up: record the message. */
  afterPost(posted: PostedMessage): Promise<void>;
  /** Whether an earlier attempt already put the files into the message's thread. */
  filesPosted(posted: PostedMessage): Promise<boolean>;
  /** Once the files are in the thread: record it. */
  afterFiles(): Promise<void>;
}

/** What asked for the answer, and so where it goes. */
export type AnswerOrigin =
  /**
   * A slash command in a conversation. `shared` (the conversation is cleared for analytics): posted
   * there, files in its thread; else shown to the caller alone, files in their direct messages.
   */
  | { kind: 'command'; channelId: string; userId: string; respond: RespondFn; logger: Logger; shared: boolean }
  /**
   * A click on an answer's controls, answered to the clicker alone: a click on a shared answer gets
   * a private answer of its own (the shared one stays as it is), a click on a private answer
   * replaces it. Files go to the clicker's direct messages.
   */
  | { kind: 'click'; userId: string; respond: RespondFn; clicked: 'shared' | 'private' }
  /** A digest's preview: the admin's direct messages with the app. */
  | { kind: 'preview'; userId: string }
  /** A digest's scheduled post, exactly once. */
  | { kind: 'digest'; channelId: string; metadata: MessageMetadata; steps: DeliverySteps };

export interface AnswerDelivery {
  /** Null: only the files go (a workbook asked for by "Download Excel"). */
  message: SlackMessage | null;
  files: readonly AnswerFile[];
  /** Said of the files when they go without their message. */
  comment?: string;
  /** A workbook is among the files (the notes say so). */
  workbook?: boolean;
}

export async function deliverAnswer(slack: SlackClient, origin: AnswerOrigin, delivery: AnswerDelivery): Promise<void> {
  switch (origin.kind) {
    case 'command':
      return deliverToConversation(slack, origin, delivery);
    case 'click':
      return deliverToClick(slack, origin, delivery);
    case 'preview': {
      const message = requireMessage(delivery);
      const posted = await slack.postMessage({ channel: origin.userId, text: message.text, blocks: message.blocks });
      await slack.uploadFiles(posted.channel, delivery.files, { threadTs: posted.ts });
      return;
    }
    case 'digest':
      return deliverOnce(slack, origin, delivery);
  }
}

async function deliverToConversation(slack: SlackClient, origin: Extract<AnswerOrigin, { kind: 'command' }>, delivery: AnswerDelivery): Promise<void> {
  const message = requireMessage(delivery);
  if (!origin.shared) {
    await origin.respond({ response_type: 'ephemeral', replace_original: true, text: message.text, blocks: message.blocks });
    await sendToDirectMessage(slack, origin.userId, delivery.files, message.text);
    return;
  }
  let posted: PostedMessage;
  try {
    posted = await slack.postMessage({ channel: origin.channelId, text: message.text, blocks: message.blocks, unfurlLinks: false });
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === null || !REFUSING_CHANNEL.has(code)) throw error;
    // Not a member here: answer privately and send the files to the caller's direct messages.
    await origin.respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...buildRefusedChannelMessage(message, code, { workbook: delivery.workbook ?? false }),
    });
    await sendToDirectMessage(slack, origin.userId, delivery.files, message.text);
    return;
  }
  await origin.respond({ delete_original: true }).catch((error) => origin.logger.warn({ err: error }, 'could not remove the "working on it" message'));
  await slack.uploadFiles(posted.channel, delivery.files, { threadTs: posted.ts });
}

async function deliverToClick(slack: SlackClient, origin: Extract<AnswerOrigin, { kind: 'click' }>, delivery: AnswerDelivery): Promise<void> {
  const { message, files } = delivery;
  if (message !== null) {
    // A click on a shared answer answers beside it; on a private answer, in its place.
    await origin.respond({ response_type: 'ephemeral', replace_original: origin.clicked === 'private', text: message.text, blocks: message.blocks });
  }
  await sendToDirectMessage(slack, origin.userId, files, delivery.comment ?? message?.text);
}

/** Files of a private answer: into the person's direct messages with the app. */
async function sendToDirectMessage(slack: SlackClient, userId: string, files: readonly AnswerFile[], comment: string | undefined): Promise<void> {
  if (files.length === 0) return;
  await slack.uploadFiles(await slack.openDirectMessage(userId), files, comment ? { comment } : {});
}

async function deliverOnce(slack: SlackClient, origin: Extract<AnswerOrigin, { kind: 'digest' }>, delivery: AnswerDelivery): Promise<void> {
  const { steps } = origin;
  let posted = await steps.findPosted();
  if (posted === null) {
    const message = requireMessage(delivery);
    await steps.beforePost();
    posted = await slack.postMessage({ channel: origin.channelId, text: message.text, blocks: message.blocks, unfurlLinks: false, metadata: origin.metadata });
    await steps.afterPost(posted);
  }
  if (!(await steps.filesPosted(posted))) await slack.uploadFiles(posted.channel, delivery.files, { threadTs: posted.ts });
  await steps.afterFiles();
}

function requireMessage(delivery: AnswerDelivery): SlackMessage {
  if (delivery.message === null) throw new TypeError('this answer needs its message');
  return delivery.message;
}
