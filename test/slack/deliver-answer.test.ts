import type { RespondArguments, RespondFn } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerFile } from '../../src/render/answer-files.ts';
import type { SlackMessage } from '../../src/render/blocks/block-kit.ts';
import { type DeliverySteps, deliverAnswer } from '../../src/slack/deliver-answer.ts';
import { type PostedMessage, SlackClient } from '../../src/slack/slack-client.ts';
import { argJson, type FakeSlackApi, startFakeSlackApi } from '../support/slack/fake-slack-api.ts';

const TOKEN = 'xoxb-delivery-token';
const CHANNEL = 'C0STATS001';
const OUTSIDE = 'C0OUTSIDE1';
const USER = 'U0ADMIN';
const logger = pino({ level: 'silent' });

const message: SlackMessage = {
  text: 'Acme Wallet: UV 1,234',
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'Acme Wallet' } },
    { type: 'actions', elements: [{ type: 'button', action_id: 'miniapp_period_1', text: { type: 'plain_text', text: '1 day' }, value: 'app wallet 1d' }] },
  ],
};
const chart: AnswerFile = { filename: 'wallet-uv-7d-2026-10-15.png', title: 'Unique visitors, Acme Wallet', content: Buffer.from('not really a png') };
const workbook: AnswerFile = { filename: 'app-wallet-7d-2026-10-15.xlsx', title: 'Acme Wallet (Excel)', content: Buffer.from('not really a workbook') };

describe('deliverAnswer', () => {
  let fake: FakeSlackApi;
  let slack: SlackClient;
  let responses: Record<string, unknown>[];
  const respond = (async (args: string | RespondArguments) => {
    responses.push(typeof args === 'string' ? { text: args } : { ...args });
    return new Response();
  }) as RespondFn;

  beforeAll(async () => {
    fake = await startFakeSlackApi({
      tokens: [TOKEN],
      users: { [USER]: { email: 'ada@acme.test', team_id: 'T0ACME' } },
      channels: { [CHANNEL]: { name: 'stats', isMember: true }, [OUTSIDE]: { name: 'random', isMember: false } },
    });
    slack = SlackClient.forRequest(new WebClient(TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 } }));
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    fake.reset();
    responses = [];
  });

  const uploadedInto = () =>
    fake.callsTo('files.completeUploadExternal').map((call) => ({
      channel: call.args.channel_id,
      thread: call.args.thread_ts,
      comment: call.args.initial_comment,
      files: (argJson<{ id: string }[]>(call, 'files') ?? []).map((file) => fake.uploads.get(file.id)!.filename),
    }));

  it('posts a command’s answer in its conversation, removes the "working on it" note and puts the files in its thread', async () => {
    await deliverAnswer(slack, { kind: 'command', channelId: CHANNEL, userId: USER, respond, logger, shared: true }, { message, files: [chart] });
    const [post] = fake.callsTo('chat.postMessage');
    expect(post!.args).toMatchObject({ channel: CHANNEL, text: message.text, unfurl_links: 'false' });
    expect(argJson(post!, 'blocks')).toEqual(message.blocks);
    expect(responses).toEqual([{ delete_original: true }]);
    expect(uploadedInto()).toEqual([{ channel: CHANNEL, thread: (post!.response as { ts: string }).ts, comment: undefined, files: [chart.filename] }]);
  });

  it('answers privately and sends the files by direct message when the conversation refuses the app', async () => {
    await deliverAnswer(
      slack,
      { kind: 'command', channelId: OUTSIDE, userId: USER, respond, logger, shared: true },
      { message, files: [chart, workbook], workbook: true },
    );
    expect(fake.callsTo('chat.postMessage').map((call) => call.status)).toEqual([200]);
    expect(fake.callsTo('chat.postMessage')[0]!.response).toMatchObject({ ok: false, error: 'not_in_channel' });
    expect(responses).toHaveLength(1);
    const [reply] = responses;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true, text: message.text });
    // The controls stay out of a private copy; a note says why and where the files are.
    expect(reply!.blocks).toEqual([
      message.blocks[0],
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: "I can't post in this channel (not_in_channel): invite me with `/invite @miniapp-stats`. Your charts and workbook are in our direct messages.",
          },
        ],
      },
    ]);
    const [upload] = uploadedInto();
    expect(upload).toMatchObject({ thread: undefined, comment: message.text, files: [chart.filename, workbook.filename] });
    expect(String(upload!.channel)).toMatch(/^D/);
  });

  it('lets other Slack errors through', async () => {
    fake.failNext('chat.postMessage', { error: 'fatal_error' });
    await expect(
      deliverAnswer(slack, { kind: 'command', channelId: CHANNEL, userId: USER, respond, logger, shared: true }, { message, files: [chart] }),
    ).rejects.toMatchObject({
      data: { error: 'fatal_error' },
    });
    expect(responses).toEqual([]);
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });

  it('shows an answer privately where it may not be shared, with its files in the caller’s direct messages and nothing in the conversation', async () => {
    await deliverAnswer(slack, { kind: 'command', channelId: CHANNEL, userId: USER, respond, logger, shared: false }, { message, files: [chart] });
    expect(responses).toEqual([{ response_type: 'ephemeral', replace_original: true, text: message.text, blocks: message.blocks }]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    const [upload] = uploadedInto();
    expect(upload).toMatchObject({ thread: undefined, comment: message.text, files: [chart.filename] });
    expect(String(upload!.channel)).toMatch(/^D/);
  });

  it('answers a click on a shared answer beside it, privately, never editing it; files by direct message', async () => {
    await deliverAnswer(slack, { kind: 'click', userId: USER, respond, clicked: 'shared' }, { message, files: [chart] });
    expect(responses).toEqual([{ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }]);
    expect(fake.callsTo('chat.update')).toHaveLength(0);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    const [upload] = uploadedInto();
    expect(String(upload!.channel)).toMatch(/^D/);
    expect(upload).toMatchObject({ thread: undefined, files: [chart.filename] });
  });

  it('replaces a private clicked answer privately, and sends its files and a workbook asked from it by direct message', async () => {
    const origin = { kind: 'click', userId: USER, respond, clicked: 'private' } as const;
    await deliverAnswer(slack, origin, { message, files: [chart] });
    expect(responses).toEqual([{ response_type: 'ephemeral', replace_original: true, text: message.text, blocks: message.blocks }]);
    expect(fake.callsTo('chat.update')).toHaveLength(0);
    expect(uploadedInto()).toMatchObject([{ thread: undefined, files: [chart.filename] }]);
    fake.reset();
    await deliverAnswer(slack, origin, { message: null, files: [workbook], comment: `<@${USER}> here is the workbook.`, workbook: true });
    const [upload] = uploadedInto();
    expect(upload).toMatchObject({ thread: undefined, comment: `<@${USER}> here is the workbook.`, files: [workbook.filename] });
    expect(String(upload!.channel)).toMatch(/^D/);
  });

  it('sends a digest preview to the admin’s direct messages, files in its thread', async () => {
    await deliverAnswer(slack, { kind: 'preview', userId: USER }, { message, files: [chart] });
    const [post] = fake.callsTo('chat.postMessage');
    expect(post!.args.channel).toBe(USER);
    const posted = post!.response as { channel: string; ts: string };
    expect(uploadedInto()).toEqual([{ channel: posted.channel, thread: posted.ts, comment: undefined, files: [chart.filename] }]);
  });

  describe('a digest, exactly once', () => {
    const metadata = { event_type: 'miniapp_stats_digest', event_payload: { run_id: '7' } };
    function recordingSteps(earlier: { posted: PostedMessage | null; files: boolean }) {
      const steps: string[] = [];
      const delivery: DeliverySteps = {
        findPosted: async () => {
          steps.push('findPosted');
          return earlier.posted;
        },
        beforePost: async () => void steps.push('beforePost'),
        afterPost: async (posted) => void steps.push(`afterPost ${posted.channel}`),
        filesPosted: async () => {
          steps.push('filesPosted');
          return earlier.files;
        },
        afterFiles: async () => void steps.push('afterFiles'),
      };
      return { steps, delivery };
    }

    it('posts with its metadata and records the message before uploading the files', async () => {
      const { steps, delivery } = recordingSteps({ posted: null, files: false });
      await deliverAnswer(slack, { kind: 'digest', channelId: CHANNEL, metadata, steps: delivery }, { message, files: [chart] });
      expect(steps).toEqual(['findPosted', 'beforePost', `afterPost ${CHANNEL}`, 'filesPosted', 'afterFiles']);
      const [post] = fake.callsTo('chat.postMessage');
      expect(argJson(post!, 'metadata')).toEqual(metadata);
      expect(post!.seq).toBeLessThan(fake.callsTo('files.completeUploadExternal')[0]!.seq);
    });

    it('posts nothing again that an earlier attempt posted', async () => {
      const earlier = { channel: CHANNEL, ts: '1700000000.000200' };
      const { steps, delivery } = recordingSteps({ posted: earlier, files: false });
      await deliverAnswer(slack, { kind: 'digest', channelId: CHANNEL, metadata, steps: delivery }, { message, files: [chart] });
      expect(steps).toEqual(['findPosted', 'filesPosted', 'afterFiles']);
      expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
      expect(uploadedInto()).toEqual([{ channel: CHANNEL, thread: earlier.ts, comment: undefined, files: [chart.filename] }]);

      fake.reset();
      const again = recordingSteps({ posted: earlier, files: true });
      await deliverAnswer(slack, { kind: 'digest', channelId: CHANNEL, metadata, steps: again.delivery }, { message, files: [chart] });
      expect(again.steps).toEqual(['findPosted', 'filesPosted', 'afterFiles']);
      expect(fake.calls.filter((call) => call.kind === 'api')).toHaveLength(0);
    });
  });
});
