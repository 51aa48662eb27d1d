import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from './fake-slack-api.ts';
import { blockActionsBody, postToApp, signSlackRequest, slashCommandBody } from './slack-requests.ts';

const SECRET = 'fake-signing-secret';
const CHANNEL = 'C0FAKECHN1';

let fake: FakeSlackApi;
let app: App;
let appUrl: string;
let authTestsAtInit: RecordedCall[];
const commandTexts: string[] = [];

beforeAll(async () => {
  fake = await startFakeSlackApi({ channels: [CHANNEL], users: { U0FAKEUSR1: { email: 'tester@example.com' } } });
  app = new App({
    token: 'xoxb-fake-token',
    signingSecret: SECRET,
    clientOptions: { slackApiUrl: fake.url },
    deferInitialization: true,
    logLevel: LogLevel.ERROR,
  });
  app.command('/stats', async ({ command, ack, respond }) => {
    await ack();
    commandTexts.push(command.text);
    await respond({ response_type: 'ephemeral', text: `DAU for ${command.text}: 1,234` });
  });
  app.action('pick_metric', async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'static_select' || !body.channel || !body.message) return;
    await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: `metric: ${action.selected_option.value}` });
  });
  await app.init(); // auth.test against the fake
  authTestsAtInit = fake.callsTo('auth.test');
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

describe('acting as Slack towards a Bolt HTTPReceiver', () => {
  it('produces signatures Bolt verifies', () => {
    const body = slashCommandBody({ command: '/stats', text: 'today' });
    const ts = Math.floor(Date.now() / 1000);
    const headers = signSlackRequest(SECRET, body, ts);
    const verify = (signature: string, secret = SECRET) =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
      });
    expect(() => verify(headers['X-Slack-Signature'])).not.toThrow();
    expect(() => verify(headers['X-Slack-Signature'], 'another-secret')).toThrow(/signature mismatch/);
    expect(authTestsAtInit).toHaveLength(1);
  });

  it('runs the command handler only for correctly signed requests', async () => {
    const responseUrl = fake.responseUrl('cmd-today');
    const body = slashCommandBody({ command: '/stats', text: 'today', responseUrl });

    const forged = await postToApp(appUrl, body, { signingSecret: SECRET, signature: `v0=${'0'.repeat(64)}` });
    const wrongSecret = await postToApp(appUrl, body, { signingSecret: 'not-the-secret' });
    const stale = await postToApp(appUrl, body, { signingSecret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect([forged.status, wrongSecret.status, stale.status]).toEqual([401, 401, 401]);

    const signed = await postToApp(appUrl, body, { signingSecret: SECRET });
    expect(signed.status).toBe(200);
    const response = await fake.waitForCall('response_url', (c) => c.responseId === 'cmd-today');
    expect(response.args).toEqual({ response_type: 'ephemeral', text: 'DAU for today: 1,234' });
    expect(commandTexts).toEqual(['today']);
  });

  it('delivers block_actions payloads (static_select) and the handler calls the Web API', async () => {
    const blocks = [
      {
        type: 'section',
        block_id: 'metric',
        text: { type: 'mrkdwn', text: 'Pick a metric' },
        accessory: {
          type: 'static_select',
          action_id: 'pick_metric',
          options: ['dau', 'mau'].map((v) => ({ text: { type: 'plain_text', text: v }, value: v })),
        },
      },
    ];
    const posted = await app.client.chat.postMessage({ channel: CHANNEL, text: 'Pick a metric', blocks });
    const body = blockActionsBody({
      channelId: CHANNEL,
      message: { ts: posted.ts!, text: 'Pick a metric', blocks },
      responseUrl: fake.responseUrl('act-1'),
      actions: [{ action_id: 'pick_metric', selected_option: { value: 'mau' } }],
    });
    expect((await postToApp(appUrl, body, { signingSecret: SECRET })).status).toBe(200);
    const update = await fake.waitForCall('chat.update');
    expect(update.args).toMatchObject({ channel: CHANNEL, ts: posted.ts, text: 'metric: mau' });
    expect(update.response).toMatchObject({ ok: true });
    expect(fake.messages.find((m) => m.ts === posted.ts)).toMatchObject({ text: 'metric: mau', edited: true });
  });
});
