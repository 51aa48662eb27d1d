import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { dropClearanceChecks } from '../clearance.ts';
import type { SlackServices } from '../slack-services.ts';

type Args = SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs;

/**
 * Someone joined a conversation: whether it is cleared for analytics is no longer known, so its
 * stored check goes at once (for every replica), and the next answer or digest there checks again.
 */
export function handleMemberJoined(services: SlackServices) {
  return async ({ event }: Args): Promise<void> => {
    try {
      await dropClearanceChecks(services.db, event.channel);
    } catch (error) {
      // Slack does not send the event again: the stored check then lasts its ten minutes at most.
      services.logger.error({ err: error, channel: event.channel }, 'could not drop the check of a conversation someone joined');
    }
  };
}
