import { describeRole } from '../access/caller.ts';
import type { Reply } from '../domain/replies.ts';
import { answerJson, renderStatsText } from './answers.ts';
import { buildHelpText } from './help.ts';

/** What a reply prints on the command line: readable text, or the data behind it (`--json`). */

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
    case 'channel':
      return 'Channels are cleared for analytics in Slack: /miniapp-stats channel allow #channel there.';
    case 'invalid':
    case 'denied':
      return reply.message;
  }
}

/** The data behind a reply, as `--json` prints it (the shapes are in docs/contract.md). */
export function renderReplyJson(reply: Reply): unknown {
  switch (reply.type) {
    case 'stats':
      return answerJson(reply.answer);
    case 'whoami':
      return {
        workspace: { workspaceId: reply.caller.workspace.workspaceId, name: reply.caller.workspace.name, timezone: reply.caller.workspace.timezone },
        member: reply.caller.member && { email: reply.caller.member.email, slackUserId: reply.caller.member.slackUserId, role: reply.caller.member.role },
        canSeeData: reply.canSeeData,
        canManageDigests: reply.canManageDigests,
      };
    default:
      return { text: renderReplyText(reply) };
  }
}
