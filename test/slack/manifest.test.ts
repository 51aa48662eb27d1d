import fs from 'node:fs';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION } from '../../src/render/blocks/answer-controls.ts';
import { registerEvents } from '../../src/slack/events/index.ts';
import { OAUTH_REDIRECT_PATH } from '../../src/slack/installations/install-paths.ts';
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

  it('subscribes, on the events path, to exactly the bot events the code registers', () => {
    const registered: string[] = [];
    registerEvents({ event: (name: string) => void registered.push(name) } as unknown as App, {} as never);
    expect(registered.length).toBeGreaterThan(0);
    const events = manifest.settings.event_subscriptions;
    expect([...events.bot_events].sort()).toEqual([...registered].sort());
    expect(events.bot_events).toEqual([...events.bot_events].sort());
    expect(events.user_events).toBeUndefined();
    expect(new URL(events.request_url).pathname).toBe(EVENTS_PATH);
  });

  it('sends installers back to the OAuth redirect route, with rotating tokens and org-wide installs (distributed mode)', () => {
    expect(manifest.oauth_config.redirect_urls).toHaveLength(1);
    expect(new URL(manifest.oauth_config.redirect_urls[0]).pathname).toBe(OAUTH_REDIRECT_PATH);
    expect(manifest.settings.token_rotation_enabled).toBe(true);
    expect(manifest.settings.org_deploy_enabled).toBe(true);
  });

  it('has a bot user and serves HTTP (Slack lists no Socket Mode app)', () => {
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
