import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION } from '../../src/render/blocks/answer-controls.ts';
import { BOT_EVENTS } from '../../src/slack/events/index.ts';
import { requiredBotScopes } from '../../src/slack/slack-scopes.ts';
import { EVENTS_PATH } from '../../src/slack/start-http-server.ts';
import { SLASH_COMMAND } from '../../src/slack/start-slack-app.ts';

const manifest = parse(fs.readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));

describe('manifest.yml', () => {
  it('declares the slash command the app registers, sent to the events path, with channel mentions escaped', () => {
    expect(manifest.features.slash_commands).toHaveLength(1);
    const [command] = manifest.features.slash_commands;
    expect(command.command).toBe(SLASH_COMMAND);
    expect(new URL(command.url).pathname).toBe(EVENTS_PATH);
    expect(command.should_escape).toBe(true);
  });

  it('declares exactly the bot scopes the code needs', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(requiredBotScopes());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('turns on interactivity for the answer controls, on the same path', () => {
    expect(Object.keys(ACTION).length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(EVENTS_PATH);
  });

  it('subscribes to exactly the events the code handles, sent to the events path, and has a bot user', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(EVENTS_PATH);
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
