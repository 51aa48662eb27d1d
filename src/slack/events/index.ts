import type { App } from '@slack/bolt';
import type { SlackServices } from '../slack-services.ts';
import { handleMemberJoined } from './member-joined.ts';

/** The Events API events the app handles: manifest.yml subscribes to exactly these. */
export const BOT_EVENTS = ['member_joined_channel'] as const;

/** Registers the event handlers. */
export function registerEvents(app: App, services: SlackServices): void {
  app.event('member_joined_channel', handleMemberJoined(services));
}
