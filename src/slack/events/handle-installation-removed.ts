import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { InstallationTarget } from '../installations/slack-installations.ts';
import type { SlackServices } from '../slack-services.ts';

type Args = SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'> & AllMiddlewareArgs;

/**
 * `app_uninstalled`, and `tokens_revoked` naming the bot's token: the installation's tokens are
 * deleted at once (it stays, revoked, so its digests show as paused and wait for a reinstall).
 * The two events come in either order, and Slack may send one again: the second changes nothing.
 * A `tokens_revoked` of user tokens only changes nothing either (the app keeps none).
 */
export function handleInstallationRemoved(services: SlackServices) {
  return async ({ event, body }: Args): Promise<void> => {
    const target = targetOf(body);
    if (event.type === 'tokens_revoked' && (event.tokens?.bot ?? []).length === 0) {
      services.logger.info({ installation: target }, 'tokens_revoked named no bot token: nothing to delete');
      return;
    }
    if (!services.installations) {
      services.logger.error(
        { team: target.teamId, event: event.type },
        'the app was removed from the Slack workspace or its token revoked: SLACK_BOT_TOKEN no longer works; reinstall the app and set the new token',
      );
      return;
    }
    // The event was acknowledged already, so Slack does not send it again: a database that is down is waited for a while.
    for (let attempt = 1; ; attempt++) {
      try {
        const changed = await services.installations.revoke(target, event.type);
        if (!changed) services.logger.info({ installation: target, event: event.type }, 'the installation was already revoked');
        return;
      } catch (error) {
        if (attempt >= REVOKE_ATTEMPTS) {
          services.logger.error({ err: error, installation: target, event: event.type }, 'could not delete the tokens of a removed installation');
          return;
        }
        services.logger.warn({ err: error, installation: target, attempt }, 'could not delete the tokens of a removed installation yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1000 * 4 ** (attempt - 1)));
      }
    }
  };
}

/** Tries over about a minute and a half (1, 4, 16 and 64 s apart). */
const REVOKE_ATTEMPTS = 5;

/** The installation an event is about: an org-wide one when its authorization says so, else its workspace's. */
function targetOf(body: Args['body']): InstallationTarget {
  const authorization = body.authorizations?.[0];
  const isEnterpriseInstall = Boolean(authorization?.is_enterprise_install ?? body.is_enterprise_install);
  const enterpriseId = authorization?.enterprise_id ?? body.enterprise_id ?? undefined;
  const teamId = (authorization?.team_id ?? body.team_id) || undefined;
  return { teamId, enterpriseId, isEnterpriseInstall };
}
