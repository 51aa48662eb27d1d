import { randomBytes } from 'node:crypto';
import { LogLevel, type WebAPIPlatformError, WebClient, WebClientEvent } from '@slack/web-api';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { argJson, checkBlocks, type FakeSlackApi, startFakeSlackApi } from './fake-slack-api.ts';

const TOKEN = 'xoxb-fake-token';
const quiet = { logLevel: LogLevel.ERROR };

let fake: FakeSlackApi;
let client: WebClient;

beforeAll(async () => {
  fake = await startFakeSlackApi({
    tokens: [TOKEN],
    users: { U0ALICE001: { email: 'alice@example.com', real_name: 'Alice', team_id: 'T0FAKE0001' } },
    channels: { C0STATS001: { name: 'stats' }, C0OTHER001: { name: 'other', isMember: false }, G0PRIV0001: { isMember: false } },
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  client = new WebClient(TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, ...quiet });
});

const platformError = async (p: Promise<unknown>): Promise<WebAPIPlatformError['data']> => {
  try {
    await p;
  } catch (e) {
    return (e as WebAPIPlatformError).data;
  }
  throw new Error('expected the call to fail');
};

describe('fake Slack Web API', () => {
  it('answers auth.test and records the bearer token', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: 'U0FAKEBOT1', bot_id: 'B0FAKEBOT1', team_id: 'T0FAKE0001' });
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ kind: 'api', method: 'auth.test', token: TOKEN, status: 200 });
  });

  it('rejects unknown tokens and unknown methods', async () => {
    const bad = new WebClient('xoxb-nope', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, ...quiet });
    expect((await platformError(bad.auth.test())).error).toBe('invalid_auth');
    expect((await platformError(client.apiCall('reactions.add', { name: 'x' }))).error).toBe('unknown_method');
    expect(fake.callsTo('reactions.add')[0]?.args).toMatchObject({ name: 'x' });
  });

  it('chat.postMessage: records args, returns ts/channel/message, checks membership and content', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*DAU* 1,234' } }];
    const res = await client.chat.postMessage({ channel: 'C0STATS001', text: 'DAU 1,234', blocks });
    expect(res).toMatchObject({ ok: true, channel: 'C0STATS001', message: { text: 'DAU 1,234', bot_id: 'B0FAKEBOT1' } });
    expect(res.ts).toMatch(/^\d+\.\d{6}$/);
    const call = fake.callsTo('chat.postMessage')[0]!;
    expect(call.args).toMatchObject({ channel: 'C0STATS001', text: 'DAU 1,234' });
    expect(argJson(call, 'blocks')).toEqual(blocks);
    expect(fake.messages).toHaveLength(1);

    expect((await platformError(client.chat.postMessage({ channel: 'C0OTHER001', text: 'x' }))).error).toBe('not_in_channel');
    expect((await platformError(client.chat.postMessage({ channel: 'G0PRIV0001', text: 'x' }))).error).toBe('channel_not_found');
    expect((await platformError(client.chat.postMessage({ channel: 'C0NOPE0001', text: 'x' }))).error).toBe('channel_not_found');
    expect((await platformError(client.apiCall('chat.postMessage', { text: 'x' }))).error).toBe('channel_not_found');
    expect((await platformError(client.chat.postMessage({ channel: 'C0STATS001', text: '' }))).error).toBe('no_text');
    expect((await platformError(client.chat.postMessage({ channel: 'C0STATS001', text: 'x'.repeat(40_001) }))).error).toBe('msg_too_long');
    expect((await platformError(client.apiCall('chat.postMessage', { channel: 'C0STATS001', blocks: '[{"type":' }))).error).toBe('invalid_blocks_format');
  });

  it('refuses blocks over the Block Kit limits with invalid_blocks', async () => {
    const section = (n: number) => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(n) } });
    const button = (i: number, label = 'Go') => ({ type: 'button', action_id: `b${i}`, text: { type: 'plain_text', text: label } });
    const tooMuch: Array<[string, unknown[]]> = [
      ['/blocks', Array.from({ length: 51 }, () => ({ type: 'divider' }))],
      ['/blocks/0/text/text', [section(3001)]],
      ['/blocks/0/text/text', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }]],
      ['/blocks/0/elements', [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(i)) }]],
      ['/blocks/0/elements/0/text/text', [{ type: 'actions', elements: [button(0, 'b'.repeat(76))] }]],
      [
        '/blocks/0/accessory/options',
        [
          {
            ...section(10),
            accessory: {
              type: 'static_select',
              action_id: 'pick',
              options: Array.from({ length: 101 }, (_, i) => ({ text: { type: 'plain_text', text: `o${i}` }, value: `${i}` })),
            },
          },
        ],
      ],
      ['/blocks/0/text/type', [{ type: 'header', text: { type: 'mrkdwn', text: 'no' } }]],
    ];
    for (const [pointer, blocks] of tooMuch) {
      const data = await platformError(client.chat.postMessage({ channel: 'C0STATS001', text: 'fallback', blocks: blocks as never }));
      expect(data.error).toBe('invalid_blocks');
      expect((data as { errors?: string[] }).errors?.join('\n')).toContain(`[json-pointer:${pointer}`);
    }
    expect(fake.messages).toHaveLength(0);
    // At the limits is fine.
    expect(checkBlocks([section(3000), { type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button(i, 'b'.repeat(75))) }])).toEqual([]);
  });

  it('chat.postEphemeral, chat.update and chat.delete', async () => {
    const eph = await client.chat.postEphemeral({ channel: 'C0STATS001', user: 'U0ALICE001', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect((await platformError(client.chat.postEphemeral({ channel: 'C0STATS001', user: 'U0NOBODY01', text: 'x' }))).error).toBe('user_not_found');

    const posted = await client.chat.postMessage({ channel: 'C0STATS001', text: 'v1' });
    const updated = await client.chat.update({ channel: 'C0STATS001', ts: posted.ts!, text: 'v2' });
    expect(updated).toMatchObject({ ok: true, channel: 'C0STATS001', ts: posted.ts, text: 'v2' });
    expect(fake.messages.find((m) => m.ts === posted.ts)?.text).toBe('v2');
    expect((await platformError(client.chat.update({ channel: 'C0STATS001', ts: '1.000001', text: 'x' }))).error).toBe('message_not_found');
    expect(await client.chat.delete({ channel: 'C0STATS001', ts: posted.ts! })).toMatchObject({ ok: true, ts: posted.ts });
    expect(fake.messages.find((m) => m.ts === posted.ts)).toBeUndefined();
  });

  it('users.info, conversations.info and conversations.join', async () => {
    const { user } = await client.users.info({ user: 'U0ALICE001' });
    expect(user).toMatchObject({ id: 'U0ALICE001', team_id: 'T0FAKE0001', real_name: 'Alice', profile: { email: 'alice@example.com' } });
    expect((await platformError(client.users.info({ user: 'U0NOBODY01' }))).error).toBe('user_not_found');

    expect((await client.conversations.info({ channel: 'C0OTHER001' })).channel).toMatchObject({ is_member: false, name: 'other' });
    expect((await platformError(client.conversations.info({ channel: 'G0PRIV0001' }))).error).toBe('channel_not_found');
    expect((await client.conversations.join({ channel: 'C0OTHER001' })).channel).toMatchObject({ is_member: true });
    await client.chat.postMessage({ channel: 'C0OTHER001', text: 'now a member' });
    expect((await client.conversations.join({ channel: 'C0OTHER001' })).warning).toBe('already_in_channel');
  });

  it.each([
    ['PNG', 'dau.png', 'image/png'],
    ['xlsx', 'stats.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ])('filesUploadV2 of a %s buffer runs the three-step flow', async (_kind, filename, mimetype) => {
    const data = filename.endsWith('.png')
      ? await sharp(randomBytes(80 * 60 * 3), { raw: { width: 80, height: 60, channels: 3 } })
          .png()
          .toBuffer()
      : await xlsxBuffer();
    const res = await client.filesUploadV2({
      channel_id: 'C0STATS001',
      file: data,
      filename,
      title: `Report ${filename}`,
      initial_comment: 'Here you go',
      thread_ts: '1700000000.000100',
    });
    expect(res.ok).toBe(true);

    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const [getUrl, upload, complete] = fake.calls;
    expect(getUrl!.args).toMatchObject({ filename, length: String(data.length) });
    const fileId = (getUrl!.response as { file_id: string }).file_id;
    expect(upload!.fileId).toBe(fileId);
    expect(upload!.bytes!.equals(data)).toBe(true);
    expect(fake.uploads.get(fileId)).toMatchObject({ declaredLength: data.length, completed: true });
    expect(argJson(complete!, 'files')).toEqual([{ id: fileId, title: `Report ${filename}` }]);
    expect(complete!.args).toMatchObject({ channel_id: 'C0STATS001', initial_comment: 'Here you go', thread_ts: '1700000000.000100' });
    expect(complete!.response).toMatchObject({ ok: true, files: [{ id: fileId, name: filename, mimetype, size: data.length }] });
    expect(fake.messages).toMatchObject([{ channel: 'C0STATS001', text: 'Here you go', thread_ts: '1700000000.000100', files: [{ id: fileId }] }]);
  });

  it('files.completeUploadExternal refuses files never uploaded or with a wrong length', async () => {
    const a = await client.files.getUploadURLExternal({ filename: 'a.csv', length: 10 });
    expect((await platformError(client.files.completeUploadExternal({ files: [{ id: a.file_id! }] }))).error).toBe('file_not_found');
    await fetch(a.upload_url!, { method: 'POST', body: 'only 8 b' });
    const data = await platformError(client.files.completeUploadExternal({ files: [{ id: a.file_id! }], channel_id: 'C0STATS001' }));
    expect(data).toMatchObject({ error: 'invalid_arguments' });
    expect(data.response_metadata?.messages?.[0]).toContain('8 bytes uploaded but length was 10');
    expect((await platformError(client.files.getUploadURLExternal({ filename: 'z.csv', length: 0 }))).error).toBe('missing_argument');
  });

  it('honours HTTP 429 Retry-After before retrying', async () => {
    const retrying = new WebClient(TOKEN, {
      slackApiUrl: fake.url,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 },
      ...quiet,
    });
    const rateLimited: number[] = [];
    retrying.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    fake.failNext('chat.postMessage', { retryAfterSeconds: 1 });

    const res = await retrying.chat.postMessage({ channel: 'C0STATS001', text: 'after the wait' });
    expect(res.ok).toBe(true);
    const [first, second] = fake.callsTo('chat.postMessage');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(first).toMatchObject({ status: 429, injected: true, response: { ok: false, error: 'ratelimited' } });
    expect(second).toMatchObject({ status: 200, injected: false });
    expect(second!.time - first!.time).toBeGreaterThanOrEqual(900);
    expect(rateLimited).toEqual([1]);
    expect(fake.messages).toHaveLength(1);
  });

  it('conversations.members: pages with next_cursor, at most 1,000 a page; a direct message has its human and the bot', async () => {
    const members = Array.from({ length: 5 }, (_, i) => `U0MEMBER0${i}`);
    fake.setChannel('C0PAGED001', { members });
    const first = await client.conversations.members({ channel: 'C0PAGED001', limit: 2 });
    expect(first.members).toEqual(members.slice(0, 2));
    const second = await client.conversations.members({ channel: 'C0PAGED001', limit: 2, cursor: first.response_metadata!.next_cursor! });
    const third = await client.conversations.members({ channel: 'C0PAGED001', limit: 2, cursor: second.response_metadata!.next_cursor! });
    expect([...second.members!, ...third.members!]).toEqual(members.slice(2));
    expect(third.response_metadata!.next_cursor).toBe('');
    expect((await platformError(client.conversations.members({ channel: 'C0PAGED001', limit: 1001 }))).error).toBe('invalid_limit');
    expect((await platformError(client.conversations.members({ channel: 'G0PRIV0001' }))).error).toBe('channel_not_found');
    fake.setChannel('D0ALICE001', { isIm: true, user: 'U0ALICE001' });
    expect((await client.conversations.members({ channel: 'D0ALICE001' })).members).toEqual(['U0ALICE001', 'U0FAKEBOT1']);
    expect((await client.conversations.info({ channel: 'D0ALICE001' })).channel).toMatchObject({ is_im: true, user: 'U0ALICE001' });
    fake.setChannel('G0GROUP001', { isMpim: true, isMember: true });
    expect((await client.conversations.info({ channel: 'G0GROUP001' })).channel).toMatchObject({ is_mpim: true });
  });

  it('holds a method to its rate limit with 429 and Retry-After', async () => {
    const rejecting = new WebClient(TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, ...quiet });
    fake.setRateLimit('users.info', { limit: 2, windowMs: 60_000 });
    await rejecting.users.info({ user: 'U0ALICE001' });
    await rejecting.users.info({ user: 'U0ALICE001' });
    await expect(rejecting.users.info({ user: 'U0ALICE001' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 60 });
    expect(fake.callsTo('users.info').map((c) => [c.status, c.rateLimited ?? false])).toEqual([
      [200, false],
      [200, false],
      [429, true],
    ]);
    // Other methods are not limited; reset() lifts the limit.
    await rejecting.auth.test();
    fake.reset();
    await rejecting.users.info({ user: 'U0ALICE001' });
  });

  it('injects HTTP 500 and ok:false errors', async () => {
    const retrying = new WebClient(TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 1 }, ...quiet });
    fake.failNext('users.info', { status: 500 });
    expect((await retrying.users.info({ user: 'U0ALICE001' })).ok).toBe(true);
    expect(fake.callsTo('users.info').map((c) => c.status)).toEqual([500, 200]);

    fake.failNext('chat.postMessage', { error: 'ratelimited', times: 2 });
    expect((await platformError(client.chat.postMessage({ channel: 'C0STATS001', text: 'x' }))).error).toBe('ratelimited');
    expect((await platformError(client.chat.postMessage({ channel: 'C0STATS001', text: 'x' }))).error).toBe('ratelimited');
    expect((await client.chat.postMessage({ channel: 'C0STATS001', text: 'x' })).ok).toBe(true);
  });

  it('records response_url posts and validates them', async () => {
    const url = fake.responseUrl('cmd-1');
    const post = (body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ text: 'hello', response_type: 'ephemeral' })).status).toBe(200);
    expect((await post({ replace_original: true, blocks: [{ type: 'divider' }] })).status).toBe(200);
    expect((await post({ delete_original: true })).status).toBe(200);
    expect((await post({ response_type: 'in_channel' })).status).toBe(400);
    expect(fake.responsesTo('cmd-1')).toEqual([
      { text: 'hello', response_type: 'ephemeral' },
      { replace_original: true, blocks: [{ type: 'divider' }] },
      { delete_original: true },
      { response_type: 'in_channel' },
    ]);
    const waited = await fake.waitForCall('response_url', (c) => c.args.delete_original === true);
    expect(waited.responseId).toBe('cmd-1');
    await expect(fake.waitForCall('chat.delete', undefined, 50)).rejects.toThrow(/no matching chat.delete/);
  });
});

async function xlsxBuffer(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DAU');
  ws.addRow(['day', 'dau']);
  for (let i = 1; i <= 200; i++) ws.addRow([`2024-01-${String((i % 28) + 1).padStart(2, '0')}`, i * 37]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
