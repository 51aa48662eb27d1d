import { describeRole } from '../access/caller.ts';
import type { Reply } from '../domain/replies.ts';
import { renderStatsText } from '../render/text/render-stats-text.ts';
import { buildHelpText } from './help.ts';

/** Any reply as console text (Slack's *bold* and `code` marks are dropped from help). */
export function renderReplyText(reply: Reply): string {
  switch (reply.type) {
    case 'stats':
      return renderStatsText(reply.answer);
    case 'help':
      return buildHelpText('miniapp-stats').replace(/[*`]/g, '');
    case 'whoami': {
      const { caller } = reply;
      return [
        `Workspace: ${caller.workspace.name} (${caller.workspace.workspaceId}, ${caller.workspace.timezone})`,
        caller.member ? `You: ${caller.member.email}, role ${describeRole(caller)}` : 'You: the operator console (full access)',
        `Can see analytics: ${reply.canSeeData ? 'yes' : 'no'} · can manage digests: ${reply.canManageDigests ? 'yes' : 'no'}`,
      ].join('\n');
    }
    case 'digest':
      return 'Digests are posted by the Slack app: manage them with /miniapp-stats digest in Slack.';
    case 'invalid':
    case 'denied':
      return reply.message;
  }
}
