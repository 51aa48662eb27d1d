/**
 * Bolt's side of the installations in distributed mode: the `authorize` that gives each request
 * the bot token of the installation serving its workspace (its own, or its organisation's
 * org-wide one; refreshed first when it expires within 5 minutes), and the global middleware
 * that answers a request no installation can serve, instead of its handler.
 */
import type { AnyMiddlewareArgs, AuthorizeResult, AuthorizeSourceData, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import { writeAuditEntry } from '../../access/write-audit-entry.ts';
import { readActionCommand } from '../actions/read-action-command.ts';
import { decodeSlackText } from '../decode-slack-text.ts';
import { describeInstallationFailure } from '../messages.ts';
import type { SlackServices } from '../slack-services.ts';
import type { SlackInstallations } from './slack-installations.ts';

/** The context key of a request that no installation can serve: why (an InstallationUnavailableError, or a database failure). */
const AUTHORIZATION_FAILURE = 'installationFailure';

/**
 * Bolt's `authorize` over the installations. It never throws: a request without a usable
 * installation gets no token (so no call can be made for it) and the reason in its context,
 * which `answerUnservedRequests` answers. The organisation a workspace is seen in is remembered,
 * so background work finds its org-wide installation.
 */
export function createRequestAuthorizer(installations: SlackInstallations, logger: Logger): (source: AuthorizeSourceData<boolean>) => Promise<AuthorizeResult> {
  const remembered = new Set<string>();
  return async (source) => {
    const seen = source.teamId && source.enterpriseId ? `${source.teamId}/${source.enterpriseId}` : null;
    if (seen && !remembered.has(seen)) {
      try {
        await installations.rememberTeamEnterprise(source.teamId!, source.enterpriseId!);
        remembered.add(seen);
      } catch (error) {
        logger.warn({ err: error, team: source.teamId }, 'could not record the organisation of a Slack workspace');
      }
    }
    try {
      return await installations.authorize(source);
    } catch (error) {
      logger.warn({ err: error, team: source.teamId, enterprise: source.enterpriseId }, 'no installation can serve a Slack request');
      return { teamId: source.teamId, enterpriseId: source.enterpriseId, [AUTHORIZATION_FAILURE]: error };
    }
  };
}

/**
 * The global middleware after `createRequestAuthorizer`: a command or a click that no
 * installation can serve gets a private answer saying why (through its response_url, which needs
 * no token), is audited, and goes no further; an event of such a team is dropped.
 */
export function answerUnservedRequests(services: SlackServices, installUrl: string | undefined): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context, next } = args;
    const failure: unknown = context[AUTHORIZATION_FAILURE];
    if (failure === undefined) {
      await next();
      return;
    }
    const body = args.body as Record<string, unknown> & { user?: { id?: string }; user_id?: string };
    const isCommand = typeof body.command === 'string';
    const text = isCommand ? decodeSlackText(String(body.text ?? '')) : body.type === 'block_actions' ? (readActionCommand(args.body as never) ?? '') : '';
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    if (!('respond' in args) || typeof args.respond !== 'function') return;
    const message = describeInstallationFailure(failure, text, installUrl);
    await writeAuditEntry(services.db, {
      surface: 'slack',
      command: text,
      outcome: 'error',
      detail: message,
      slackTeamId: context.teamId ?? null,
      slackUserId: body.user_id ?? body.user?.id ?? null,
    }).catch((error) => services.logger.error({ err: error }, 'audit entry not written'));
    await args
      .respond({ response_type: 'ephemeral', replace_original: isCommand, text: message })
      .catch((error: unknown) => services.logger.error({ err: error }, 'could not tell the user that the installation cannot serve them'));
  };
}
