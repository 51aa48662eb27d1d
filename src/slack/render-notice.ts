import type { KnownBlock } from '@slack/types';
import { describeRole } from '../access/caller.ts';
import type { Reply } from '../domain/replies.ts';
import { context, escapeMrkdwn, section } from '../render/blocks/block-kit.ts';
import { buildHelpText } from '../reports/help.ts';

/** A private message (help, whoami, refusal, input error) as Slack text and blocks. */
export function renderNotice(reply: Exclude<Reply, { type: 'stats' }>, command: string): { text: string; blocks?: KnownBlock[] } {
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
