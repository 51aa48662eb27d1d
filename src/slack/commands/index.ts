import type { App } from '@slack/bolt';
import type { SlackServices } from '../slack-services.ts';
import { handleSlashCommand } from './handle-slash-command.ts';

/** Registers the slash command. */
export function registerCommands(app: App, services: SlackServices): void {
  app.command(services.command, handleSlashCommand(services));
}
