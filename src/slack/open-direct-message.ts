import type { WebClient } from '@slack/web-api';
import { callSlack } from './call-slack.ts';

/** The channel id of the app's direct messages with a user (files go there when a channel can't take them). */
export async function openDirectMessage(client: WebClient, userId: string): Promise<string> {
  const opened = await callSlack(() => client.conversations.open({ users: userId }));
  if (!opened.channel?.id) throw new Error(`Slack opened no direct message with ${userId}`);
  return opened.channel.id;
}
