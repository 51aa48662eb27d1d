import type { App } from '@slack/bolt';
import type { SlackServices } from '../slack-services.ts';
import { handleInstallationRemoved } from './handle-installation-removed.ts';
import { handleMemberJoined } from './member-joined.ts';

/**
 * Registers the Events API handlers, one bot event a line; manifest.yml subscribes to exactly
 * these (test/slack/manifest.test.ts). The HTTP front has acknowledged each event already.
 */
export function registerEvents(app: App, services: SlackServices): void {
  app.event('app_uninstalled', handleInstallationRemoved(services));
  app.event('member_joined_channel', handleMemberJoined(services));
  app.event('tokens_revoked', handleInstallationRemoved(services));
}
