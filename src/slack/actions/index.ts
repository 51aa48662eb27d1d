import type { App, BlockAction } from '@slack/bolt';
import { ACTION } from '../../render/blocks/answer-controls.ts';
import type { SlackServices } from '../slack-services.ts';
import { handleRefineAction } from './handle-refine-action.ts';

/** Registers the buttons and menus of answers. */
export function registerActions(app: App, services: SlackServices): void {
  const prefixes = Object.values(ACTION).join('|');
  app.action<BlockAction>({ type: 'block_actions', action_id: new RegExp(`^(${prefixes})(_|$)`) }, handleRefineAction(services));
}
