import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { ChannelCommand } from '../../domain/commands.ts';
import type { Caller } from '../../domain/records.ts';
import { escapeMrkdwn } from '../../render/blocks/block-kit.ts';
import { type ClearedChannel, deleteClearedChannel, readClearedChannels, writeClearedChannel } from '../clearance-store.ts';

export interface ChannelManagement {
  db: Knex;
  now: Date;
  /** The slash command, for the replies' hints. */
  command: string;
}

/** `channel allow | revoke | list` for an admin (run-command has checked the role); returns the private reply. */
export async function manageChannels(deps: ChannelManagement, command: ChannelCommand, caller: Caller): Promise<string> {
  const { db } = deps;
  const { workspace } = caller;
  const zone = workspace.timezone;
  switch (command.action) {
    case 'list': {
      const channels = await readClearedChannels(db, workspace.workspaceId);
      if (channels.length === 0) {
        return `No channel of ${escapeMrkdwn(workspace.name)} is cleared for analytics. Answers are shared where every member has a data role; \`${deps.command} channel allow #channel\` clears a channel for everyone in it.`;
      }
      return [
        `Channels cleared for ${escapeMrkdwn(workspace.name)} analytics (answers there are shared with everyone in them):`,
        ...channels.map((c) => `• ${describeClearance(c, zone)}`),
      ].join('\n');
    }
    case 'allow': {
      const channelId = command.channel.id;
      const earlier = await writeClearedChannel(db, workspace.workspaceId, {
        channelId,
        clearedBy: caller.slackUserId ?? 'console',
        clearedByEmail: caller.member?.email ?? null,
        clearedAtMs: deps.now.getTime(),
      });
      if (earlier) return `Already cleared for analytics: ${describeClearance(earlier, zone)}.`;
      return `<#${channelId}> is cleared for analytics: answers asked there are shared with everyone in it, including whoever joins later, and digests may post there. \`${deps.command} channel revoke <#${channelId}>\` undoes it.`;
    }
    case 'revoke': {
      const channelId = command.channel.id;
      const revoked = await deleteClearedChannel(db, workspace.workspaceId, channelId);
      if (!revoked) return `<#${channelId}> was not cleared by an admin; \`${deps.command} channel list\` shows the channels that are.`;
      return `<#${channelId}> is no longer cleared: answers there are shared only while every member has a data role, and digests hold their posts otherwise.`;
    }
  }
}

/** "<#C123> by <@U123> on 2026-10-15 14:03 Asia/Singapore". */
function describeClearance(channel: ClearedChannel, zone: string): string {
  const by = channel.clearedBy === 'console' ? 'the operator console' : `<@${channel.clearedBy}>`;
  const when = DateTime.fromMillis(channel.clearedAtMs, { zone }).toFormat('yyyy-LL-dd HH:mm');
  return `<#${channel.channelId}> by ${by} on ${when} ${zone}`;
}
