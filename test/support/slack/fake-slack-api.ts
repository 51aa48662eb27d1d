/**
 * A local stand-in for the Slack Web API (plus the file-upload host and response_url hooks).
 *
 * Point a WebClient at it with `new WebClient(token, { slackApiUrl: fake.url })` (Bolt:
 * `clientOptions: { slackApiUrl: fake.url }`). Every request is recorded in `fake.calls`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlocks } from './block-kit-limits.ts';

export { checkBlocks } from './block-kit-limits.ts';

// ---------------------------------------------------------------------------------------------
// Public types

export interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  display_name: string;
  email?: string;
  is_bot: boolean;
  is_admin: boolean;
  deleted: boolean;
  tz: string;
  tz_offset: number;
}
export type FakeUserInput = Partial<Omit<FakeUser, 'id'>>;

export interface FakeChannel {
  id: string;
  name: string;
  /** Whether the bot is a member. Non-members get `not_in_channel` (public) / `channel_not_found` (private). */
  isMember: boolean;
  isPrivate: boolean;
  isArchived: boolean;
  isIm: boolean;
  /** A group direct message (is_mpim). */
  isMpim: boolean;
  /** Users in the channel; when absent every known user is considered a member (chat.postEphemeral, conversations.members). */
  members?: string[];
  /** For DMs: the other user. */
  user?: string;
  /** The workspace the channel is in (default: the fake's team). Checked for OAuth-issued tokens only. */
  teamId?: string;
}
export type FakeChannelInput = Partial<Omit<FakeChannel, 'id'>>;

export interface FakeSlackOptions {
  team?: { id?: string; name?: string; domain?: string };
  bot?: { userId?: string; botId?: string; appId?: string; name?: string };
  /** Valid bot tokens (anything else gets `invalid_auth`). Default: `['xoxb-fake-token']`. */
  tokens?: string[];
  /** users.info data, by user id. */
  users?: Record<string, FakeUserInput>;
  /** Channels, by id. A plain array lists channels the bot is a member of. */
  channels?: string[] | Record<string, FakeChannelInput>;
  /** Uses allowed per response_url (Slack: 5 within 30 minutes). */
  responseUrlMaxUses?: number;
  /** Per-method rate limits (see FakeRateLimit); reset() restores these. */
  rateLimits?: Record<string, FakeRateLimit>;
  /** oauth.v2.access: the app's client credentials and token lifetimes (see FakeOAuth). */
  oauth?: FakeOAuthOptions;
}

/**
 * A method's rate limit: at most `limit` calls in any `windowMs`; a call beyond it gets 429 with
 * `Retry-After` (whole seconds until the window lets one through) and is recorded with
 * `rateLimited: true`. Calls during a Retry-After the fake gave count towards the limit too.
 */
export interface FakeRateLimit {
  limit: number;
  windowMs: number;
}

export interface FakeSlackState {
  team: { id: string; name: string; domain: string };
  bot: { userId: string; botId: string; appId: string; name: string };
  tokens: Set<string>;
  users: Map<string, FakeUser>;
  channels: Map<string, FakeChannel>;
}

/** `authorize`: a browser's visit to the OAuth authorize page (method `oauth.v2.authorize`). */
export type CallKind = 'api' | 'upload' | 'response_url' | 'authorize';

export interface RecordedCall {
  seq: number;
  kind: CallKind;
  /** Web API method name, or `'upload'` (POST to an upload_url) / `'response_url'`. */
  method: string;
  /** Parsed body (form fields are strings, exactly as received; JSON bodies keep their types) + query. */
  args: Record<string, unknown>;
  /** Bearer token from the Authorization header, else the `token` form field. */
  token: string | undefined;
  contentType: string | undefined;
  headers: IncomingHttpHeaders;
  path: string;
  /** Date.now() when the request arrived. */
  time: number;
  raw: Buffer;
  /** What the fake answered. */
  status: number;
  response: unknown;
  /** True when the answer came from failNext(). */
  injected: boolean;
  /** True when the fake's rate limit (setRateLimit) refused it with 429. */
  rateLimited?: boolean;
  /** When refused by the rate limit: the Retry-After sent, in seconds. */
  retryAfter?: number;
  /** Upload calls: the file id and the file bytes received. */
  fileId?: string;
  bytes?: Buffer;
  /** response_url calls: the id given to responseUrl(id). */
  responseId?: string;
}

export interface FailOptions {
  /** HTTP status. Default: 429 when retryAfterSeconds is set, else 200 (with `{ ok:false, error }`). */
  status?: number;
  /** Error code in the `{ ok:false, error }` body. Default: `ratelimited` for 429, `fatal_error` for 200. */
  error?: string;
  /** Sends a `Retry-After` header. */
  retryAfterSeconds?: number;
  /** How many consecutive requests fail. Default 1. */
  times?: number;
}

export interface FakeFile {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  user_team: string;
  size: number;
  mode: 'hosted';
  is_external: false;
  is_public: boolean;
  url_private: string;
  url_private_download: string;
  permalink: string;
  alt_txt?: string;
  shares: Record<string, never>;
  channels: string[];
  groups: string[];
  ims: string[];
}

export interface FakeUpload {
  fileId: string;
  filename: string;
  declaredLength: number;
  uploadUrl: string;
  altText?: string;
  snippetType?: string;
  /** Bytes of the last upload POST (undefined until uploaded). */
  bytes?: Buffer;
  completed: boolean;
  file?: FakeFile;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  user: string;
  bot_id: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  files?: FakeFile[];
  /** chat.postEphemeral: the user who sees it. */
  ephemeralTo?: string;
  /** chat.postMessage `metadata` ({ event_type, event_payload }), returned by conversations.history. */
  metadata?: unknown;
  edited?: boolean;
}

export interface FakeSlackApi {
  /** Base URL for `slackApiUrl`, e.g. `http://127.0.0.1:43121/api/`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request, in arrival order. reset() empties it in place. */
  readonly calls: readonly RecordedCall[];
  /** Messages currently in channels (posted, updated, minus deleted; includes ephemerals and file shares). */
  readonly messages: readonly FakeMessage[];
  readonly uploads: ReadonlyMap<string, FakeUpload>;
  /** Mutable configuration (users, channels, tokens...). */
  readonly state: FakeSlackState;
  callsTo(method: string): RecordedCall[];
  /** Resolves with the first recorded call (already there or to come) matching; rejects after timeoutMs. */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** A response_url on this server; posts to it are recorded as `response_url` calls with `responseId`. */
  responseUrl(id: string): string;
  /** Bodies posted to responseUrl(id), in order. */
  responsesTo(id: string): Record<string, unknown>[];
  failNext(method: string, options?: FailOptions): void;
  /** Limits a method's calls (null lifts the limit). */
  setRateLimit(method: string, limit: FakeRateLimit | null): void;
  setUser(id: string, user: FakeUserInput): void;
  setChannel(id: string, channel: FakeChannelInput): void;
  /** OAuth installs and per-team tokens: oauth.v2.access (code and refresh grants), tokens by team. */
  readonly oauth: FakeOAuth;
  /** Clears calls, messages, uploads, injected faults, OAuth codes and issued tokens, and restores the configuration given at start. */
  reset(): void;
  close(): Promise<void>;
}

/** Parses a form argument that carries JSON (e.g. `blocks`), passes other values through. */
export function argJson<T = unknown>(call: RecordedCall, key: string): T | undefined {
  const v = call.args[key];
  if (typeof v !== 'string') return v as T | undefined;
  try {
    return JSON.parse(v) as T;
  } catch {
    return v as T;
  }
}

/**
 * The calls of `method` that arrived while a Retry-After the fake's rate limit gave for it was
 * still running: a client that honours Retry-After makes none (calls already in flight when the
 * 429 went out, within `inFlightMs` of it, aside).
 */
export function callsDuringPauses(calls: readonly RecordedCall[], method: string, inFlightMs = 100): RecordedCall[] {
  const ofMethod = calls.filter((c) => c.method === method);
  const pauses = ofMethod.filter((c) => c.rateLimited);
  return ofMethod.filter((call) => pauses.some((limited) => call.time > limited.time + inFlightMs && call.time < limited.time + limited.retryAfter! * 1000));
}

// ---------------------------------------------------------------------------------------------
// Implementation

type ApiResult = { ok: boolean } & Record<string, unknown>;
type Args = Record<string, unknown>;
interface Ctx {
  args: Args;
  token: string;
  json: boolean;
}

const MAX_TEXT = 40_000;
const MAX_ATTACHMENTS = 100;

const fail = (error: string, extra: Record<string, unknown> = {}): ApiResult => ({ ok: false, error, ...extra });
const failMessages = (error: string, messages: string[]): ApiResult => fail(error, { response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });
const strArg = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const isTrue = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;

/** Parses a JSON-carrying argument: undefined when absent, 'invalid' when it is not JSON. */
function jsonArg(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return INVALID;
  }
}
const INVALID = Symbol('invalid');

const MIME: Record<string, [mimetype: string, filetype: string, pretty: string]> = {
  png: ['image/png', 'png', 'PNG'],
  jpg: ['image/jpeg', 'jpg', 'JPEG'],
  jpeg: ['image/jpeg', 'jpg', 'JPEG'],
  gif: ['image/gif', 'gif', 'GIF'],
  svg: ['image/svg+xml', 'svg', 'SVG'],
  pdf: ['application/pdf', 'pdf', 'PDF'],
  csv: ['text/csv', 'csv', 'CSV'],
  txt: ['text/plain', 'text', 'Plain Text'],
  json: ['application/json', 'json', 'JSON'],
  zip: ['application/zip', 'zip', 'Zip'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx', 'Excel Spreadsheet'],
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface MultipartPart {
  name: string | undefined;
  filename: string | undefined;
  data: Buffer;
}

/** Minimal multipart/form-data parser (enough for fetch()'s FormData and curl -F). */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return [];
  const delim = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    const start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    const next = body.indexOf(delim, start);
    if (headerEnd === -1 || next === -1) break;
    const headers = body.subarray(start + 2, headerEnd).toString('utf8');
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1],
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
      data: body.subarray(headerEnd + 4, next - 2), // strip the CRLF before the next delimiter
    });
    pos = next;
  }
  return parts;
}

function buildState(o: FakeSlackOptions): FakeSlackState {
  const team = { id: 'T0FAKE0001', name: 'Fake Team', domain: 'fake-team', ...o.team };
  const bot = { userId: 'U0FAKEBOT1', botId: 'B0FAKEBOT1', appId: 'A0FAKEAPP1', name: 'miniapp-stats', ...o.bot };
  const state: FakeSlackState = {
    team,
    bot,
    tokens: new Set(o.tokens ?? ['xoxb-fake-token']),
    users: new Map(),
    channels: new Map(),
  };
  state.users.set(bot.userId, makeUser(bot.userId, { name: bot.name, is_bot: true, team_id: team.id }, team.id));
  for (const [id, u] of Object.entries(o.users ?? {})) state.users.set(id, makeUser(id, u, team.id));
  const channels = Array.isArray(o.channels) ? Object.fromEntries(o.channels.map((id) => [id, {}])) : o.channels;
  for (const [id, c] of Object.entries(channels ?? {})) state.channels.set(id, makeChannel(id, c));
  return state;
}

function makeUser(id: string, u: FakeUserInput, teamId: string): FakeUser {
  const name = u.name ?? id.toLowerCase();
  return {
    team_id: teamId,
    name,
    real_name: name,
    display_name: name,
    is_bot: false,
    is_admin: false,
    deleted: false,
    tz: 'Asia/Shanghai',
    tz_offset: 28800,
    ...u,
    id,
  };
}

function makeChannel(id: string, c: FakeChannelInput): FakeChannel {
  return {
    name: id.toLowerCase(),
    isMember: true,
    isPrivate: id.startsWith('G'),
    isArchived: false,
    isIm: id.startsWith('D'),
    isMpim: false,
    ...c,
    id,
  };
}

export async function startFakeSlackApi(options: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  let state = buildState(options);
  const oauth = createFakeOAuth(
    options.oauth ?? {},
    () => state,
    () => calls,
  );
  const calls: RecordedCall[] = [];
  const messages: FakeMessage[] = [];
  const uploads = new Map<string, FakeUpload>();
  const faults = new Map<string, Required<Pick<FailOptions, 'times'>> & FailOptions>();
  const rateLimits = new Map<string, FakeRateLimit>(Object.entries(options.rateLimits ?? {}));
  /** Per rate-limited method: when its recent calls arrived. */
  const callTimes = new Map<string, number[]>();
  const responseUses = new Map<string, number>();
  const waiters = new Set<{ match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }>();
  let seq = 0;
  let tsCounter = 0;
  let fileCounter = 0;
  let origin = '';

  const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++tsCounter % 1_000_000).padStart(6, '0')}`;
  const now = (): number => Math.floor(Date.now() / 1000);

  // --- channel / message helpers -------------------------------------------------------------

  /** Resolves a channel argument the way chat.postMessage does (ids, `#name`, or a user id for a DM). */
  function channelFor(arg: unknown, requireMember = true): FakeChannel | string {
    const id = strArg(arg);
    if (!id) return 'channel_not_found';
    let ch = state.channels.get(id) ?? [...state.channels.values()].find((c) => `#${c.name}` === id || c.name === id);
    if (!ch && /^[UW]/.test(id) && state.users.has(id)) {
      const dm = `D${id.slice(1)}`;
      ch = state.channels.get(dm) ?? makeChannel(dm, { isIm: true, isPrivate: true, user: id, name: dm });
      state.channels.set(dm, ch);
    }
    if (!ch || (ch.isPrivate && !ch.isMember)) return 'channel_not_found';
    if (requireMember && !ch.isMember) return 'not_in_channel';
    if (ch.isArchived) return 'is_archived';
    return ch;
  }

  function withBlockIds(blocks: unknown[]): unknown[] {
    return blocks.map((b) => (typeof b === 'object' && b !== null && !('block_id' in b) ? { ...b, block_id: Math.random().toString(36).slice(2, 7) } : b));
  }

  interface Content {
    text: string | undefined;
    blocks: unknown[] | undefined;
    attachments: unknown[] | undefined;
  }
  /** Validates text / blocks / attachments like chat.postMessage does. */
  function content(args: Args, requireSome: boolean): Content | ApiResult {
    const text = strArg(args.text) ?? strArg(args.markdown_text);
    const blocks = jsonArg(args.blocks);
    if (blocks === INVALID || (blocks !== undefined && !Array.isArray(blocks))) return fail('invalid_blocks_format');
    if (blocks !== undefined) {
      const problems = checkBlocks(blocks);
      if (problems.length > 0) return { ...failMessages('invalid_blocks', problems), errors: problems };
    }
    const attachments = jsonArg(args.attachments);
    if (attachments === INVALID || (attachments !== undefined && !Array.isArray(attachments))) {
      return fail('invalid_attachments');
    }
    if (Array.isArray(attachments) && attachments.length > MAX_ATTACHMENTS) return fail('too_many_attachments');
    if (text !== undefined && text.length > MAX_TEXT) return fail('msg_too_long');
    const empty = (a: unknown): boolean => !Array.isArray(a) || a.length === 0;
    if (requireSome && !text && empty(blocks) && empty(attachments)) return fail('no_text');
    return { text, blocks: blocks as unknown[] | undefined, attachments: attachments as unknown[] | undefined };
  }
  const isFailure = (r: Content | ApiResult): r is ApiResult => 'ok' in r;

  function messageJson(m: FakeMessage): Record<string, unknown> {
    const { channel: _channel, ephemeralTo: _e, edited, ...rest } = m;
    return {
      type: 'message',
      ...rest,
      app_id: state.bot.appId,
      team: state.team.id,
      bot_profile: {
        id: state.bot.botId,
        app_id: state.bot.appId,
        name: state.bot.name,
        team_id: state.team.id,
        deleted: false,
        icons: {},
      },
      ...(edited ? { edited: { user: state.bot.userId, ts: nextTs() } } : {}),
    };
  }

  function findMessage(args: Args): FakeMessage | ApiResult {
    const ch = channelFor(args.channel, false);
    if (typeof ch === 'string') return fail(ch);
    const ts = strArg(args.ts);
    const msg = messages.find((m) => m.channel === ch.id && m.ts === ts && !m.ephemeralTo);
    return msg ?? fail('message_not_found');
  }

  function channelJson(c: FakeChannel): Record<string, unknown> {
    if (c.isIm) {
      return { id: c.id, created: now(), is_im: true, is_org_shared: false, user: c.user, is_user_deleted: false };
    }
    return {
      id: c.id,
      name: c.name,
      name_normalized: c.name,
      is_channel: !c.isPrivate,
      is_group: c.isPrivate,
      is_im: false,
      is_mpim: c.isMpim,
      is_private: c.isPrivate,
      is_archived: c.isArchived,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: c.isMember,
      created: now(),
      creator: state.bot.userId,
      context_team_id: state.team.id,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
    };
  }

  // --- Web API methods ----------------------------------------------------------------------

  const methods: Record<string, (ctx: Ctx) => ApiResult> = {
    'auth.teams.list': ({ token }) =>
      oauth.teamsList(token) ?? { ok: true, teams: [{ id: state.team.id, name: state.team.name }], response_metadata: { next_cursor: '' } },
    'auth.test': ({ token }) =>
      oauth.authTest(token) ?? {
        ok: true,
        url: `https://${state.team.domain}.slack.com/`,
        team: state.team.name,
        user: state.bot.name,
        team_id: state.team.id,
        user_id: state.bot.userId,
        bot_id: state.bot.botId,
        is_enterprise_install: false,
      },

    'chat.postMessage': ({ args }) => {
      const ch = channelFor(args.channel);
      if (typeof ch === 'string') return fail(ch);
      const c = content(args, true);
      if (isFailure(c)) return c;
      const msg: FakeMessage = {
        channel: ch.id,
        ts: nextTs(),
        user: state.bot.userId,
        bot_id: state.bot.botId,
        text: c.text ?? '',
        ...(c.blocks ? { blocks: withBlockIds(c.blocks) } : {}),
        ...(c.attachments ? { attachments: c.attachments } : {}),
        ...(strArg(args.thread_ts) ? { thread_ts: strArg(args.thread_ts) } : {}),
        ...(args.metadata !== undefined ? { metadata: typeof args.metadata === 'string' ? JSON.parse(args.metadata) : args.metadata } : {}),
      };
      messages.push(msg);
      return { ok: true, channel: ch.id, ts: msg.ts, message: messageJson(msg) };
    },

    'chat.postEphemeral': ({ args }) => {
      const ch = channelFor(args.channel);
      if (typeof ch === 'string') return fail(ch);
      const user = strArg(args.user);
      if (!user || !state.users.has(user)) return fail('user_not_found');
      if (ch.members ? !ch.members.includes(user) : ch.isIm && ch.user !== user) return fail('user_not_in_channel');
      const c = content(args, true);
      if (isFailure(c)) return c;
      const msg: FakeMessage = {
        channel: ch.id,
        ts: nextTs(),
        user: state.bot.userId,
        bot_id: state.bot.botId,
        text: c.text ?? '',
        ephemeralTo: user,
        ...(c.blocks ? { blocks: withBlockIds(c.blocks) } : {}),
        ...(c.attachments ? { attachments: c.attachments } : {}),
        ...(strArg(args.thread_ts) ? { thread_ts: strArg(args.thread_ts) } : {}),
      };
      messages.push(msg);
      return { ok: true, message_ts: msg.ts };
    },

    'chat.update': ({ args }) => {
      const msg = findMessage(args);
      if ('ok' in msg) return msg;
      if (msg.user !== state.bot.userId) return fail('cant_update_message');
      const c = content(args, false);
      if (isFailure(c)) return c;
      // Blocks / attachments not sent are retained; an empty value removes them.
      const blocks = args.blocks === undefined ? msg.blocks : c.blocks;
      const attachments = args.attachments === undefined ? msg.attachments : c.attachments;
      if (!c.text && !blocks?.length && !attachments?.length) return fail('no_text');
      msg.text = c.text ?? '';
      if (blocks?.length) msg.blocks = args.blocks === undefined ? blocks : withBlockIds(blocks);
      else delete msg.blocks;
      if (attachments?.length) msg.attachments = attachments;
      else delete msg.attachments;
      msg.edited = true;
      return { ok: true, channel: msg.channel, ts: msg.ts, text: msg.text, message: messageJson(msg) };
    },

    'chat.delete': ({ args }) => {
      const msg = findMessage(args);
      if ('ok' in msg) return msg;
      if (msg.user !== state.bot.userId) return fail('cant_delete_message');
      messages.splice(messages.indexOf(msg), 1);
      return { ok: true, channel: msg.channel, ts: msg.ts };
    },

    'users.info': ({ args }) => {
      const user = state.users.get(strArg(args.user) ?? '');
      if (!user) return fail('user_not_found');
      const { email, display_name, ...rest } = user;
      return {
        ok: true,
        user: {
          ...rest,
          color: '9f69e7',
          tz_label: user.tz,
          is_owner: false,
          is_primary_owner: false,
          is_restricted: false,
          is_ultra_restricted: false,
          is_app_user: false,
          updated: now(),
          profile: {
            real_name: user.real_name,
            real_name_normalized: user.real_name,
            display_name,
            display_name_normalized: display_name,
            ...(email !== undefined ? { email } : {}),
            team: user.team_id,
            ...(user.is_bot ? { bot_id: state.bot.botId, api_app_id: state.bot.appId } : {}),
          },
        },
      };
    },

    'conversations.info': ({ args }) => {
      const ch = state.channels.get(strArg(args.channel) ?? '');
      if (!ch || (ch.isPrivate && !ch.isMember)) return fail('channel_not_found');
      return { ok: true, channel: channelJson(ch) };
    },

    'conversations.history': ({ args }) => {
      const ch = channelFor(args.channel);
      if (typeof ch === 'string') return fail(ch);
      const oldest = Number(strArg(args.oldest) ?? 0);
      const withMetadata = strArg(args.include_all_metadata) === 'true';
      const found = messages
        .filter((m) => m.channel === ch.id && !m.ephemeralTo && (!m.thread_ts || m.thread_ts === m.ts) && Number(m.ts) >= oldest)
        .sort((a, b) => Number(b.ts) - Number(a.ts))
        .slice(0, Number(strArg(args.limit) ?? 100))
        .map((m) => {
          const { metadata, ...json } = messageJson(m);
          return withMetadata && metadata !== undefined ? { ...json, metadata } : json;
        });
      return { ok: true, messages: found, has_more: false };
    },

    'conversations.replies': ({ args }) => {
      const ch = channelFor(args.channel);
      if (typeof ch === 'string') return fail(ch);
      const ts = strArg(args.ts);
      const parent = messages.find((m) => m.channel === ch.id && m.ts === ts);
      if (!parent) return fail('thread_not_found');
      const thread = messages
        .filter((m) => m.channel === ch.id && !m.ephemeralTo && (m === parent || m.thread_ts === ts))
        .sort((a, b) => Number(a.ts) - Number(b.ts));
      return { ok: true, messages: thread.map((m) => messageJson(m)), has_more: false };
    },

    'conversations.members': ({ args }) => {
      const ch = state.channels.get(strArg(args.channel) ?? '');
      if (!ch || (ch.isPrivate && !ch.isMember)) return fail('channel_not_found');
      const limit = Number(strArg(args.limit) ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail('invalid_limit');
      const cursor = strArg(args.cursor);
      const start = cursor
        ? Number(
            Buffer.from(cursor, 'base64')
              .toString('utf8')
              .replace(/^offset:/, ''),
          )
        : 0;
      if (!Number.isInteger(start) || start < 0) return fail('invalid_cursor');
      const all = ch.isIm ? [ch.user ?? '', state.bot.userId].filter(Boolean) : (ch.members ?? [...state.users.keys()]);
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
      return { ok: true, members: page, response_metadata: { next_cursor: next } };
    },

    'conversations.open': ({ args }) => {
      const users = (strArg(args.users) ?? '').split(',').filter(Boolean);
      if (users.length !== 1) return fail(users.length === 0 ? 'users_list_not_supplied' : 'not_enough_users');
      if (!state.users.has(users[0]!)) return fail('user_not_found');
      const ch = channelFor(users[0], false);
      if (typeof ch === 'string') return fail(ch);
      ch.isMember = true;
      return { ok: true, channel: { id: ch.id } };
    },

    'conversations.join': ({ args }) => {
      const ch = state.channels.get(strArg(args.channel) ?? '');
      if (!ch || (ch.isPrivate && !ch.isMember)) return fail('channel_not_found');
      if (ch.isIm || ch.isPrivate) return fail('method_not_supported_for_channel_type');
      if (ch.isArchived) return fail('is_archived');
      if (ch.isMember) {
        return {
          ok: true,
          channel: channelJson(ch),
          warning: 'already_in_channel',
          response_metadata: { warnings: ['already_in_channel'] },
        };
      }
      ch.isMember = true;
      return { ok: true, channel: channelJson(ch) };
    },

    'files.getUploadURLExternal': ({ args, json }) => {
      // Seen live: this method only reads form-encoded arguments.
      const filename = json ? undefined : strArg(args.filename);
      const lengthArg = json ? undefined : strArg(args.length);
      if (!filename) return failMessages('invalid_arguments', ['missing required field: filename']);
      if (lengthArg === undefined) return failMessages('invalid_arguments', ['missing required field: length']);
      const length = Number(lengthArg);
      if (!Number.isInteger(length) || length < 0) {
        return failMessages('invalid_arguments', ['invalid value for field: length']);
      }
      if (length === 0) return fail('missing_argument');
      const altText = strArg(args.alt_text) ?? strArg(args.alt_txt);
      if (altText !== undefined && altText.length > 1000) return fail('alt_txt_too_large');
      const fileId = `F0FAKE${String(++fileCounter).padStart(5, '0')}`;
      const uploadUrl = `${origin}/upload/v1/${fileId}`;
      const snippetType = strArg(args.snippet_type);
      uploads.set(fileId, {
        fileId,
        filename,
        declaredLength: length,
        uploadUrl,
        completed: false,
        ...(altText !== undefined ? { altText } : {}),
        ...(snippetType !== undefined ? { snippetType } : {}),
      });
      return { ok: true, upload_url: uploadUrl, file_id: fileId };
    },

    'files.completeUploadExternal': ({ args }) => {
      const files = jsonArg(args.files);
      if (!Array.isArray(files) || files.length === 0) {
        return failMessages('invalid_arguments', ['missing required field: files']);
      }
      const channelArg = strArg(args.channel_id) ?? strArg(args.channels);
      if (channelArg?.includes(',')) return fail('invalid_arguments'); // one channel per completion here
      const ch = channelArg ? channelFor(channelArg) : undefined;
      if (typeof ch === 'string') return fail(ch);
      const initialComment = strArg(args.initial_comment);
      const c = content({ blocks: initialComment === undefined ? args.blocks : undefined }, false);
      if (isFailure(c)) return c;
      if (initialComment !== undefined && initialComment.length > MAX_TEXT) return fail('msg_too_long');
      const jobs: Array<[FakeUpload, string | undefined]> = [];
      for (const f of files) {
        const entry = (typeof f === 'object' && f !== null ? f : {}) as Args;
        const upload = uploads.get(strArg(entry.id) ?? '');
        if (!upload || upload.completed || upload.bytes === undefined) return fail('file_not_found');
        if (upload.bytes.length !== upload.declaredLength) {
          return failMessages('invalid_arguments', [`file ${upload.fileId}: ${upload.bytes.length} bytes uploaded but length was ${upload.declaredLength}`]);
        }
        jobs.push([upload, strArg(entry.title)]);
      }
      const out: FakeFile[] = jobs.map(([upload, title]) => {
        upload.completed = true;
        const ext = /\.([a-z0-9]+)$/i.exec(upload.filename)?.[1]?.toLowerCase() ?? '';
        const [mimetype, filetype, pretty_type] = MIME[ext] ?? ['application/octet-stream', 'binary', 'Binary'];
        const base = `https://files.slack.com/files-pri/${state.team.id}-${upload.fileId}/${encodeURIComponent(upload.filename)}`;
        upload.file = {
          id: upload.fileId,
          created: now(),
          timestamp: now(),
          name: upload.filename,
          title: title ?? upload.filename,
          mimetype,
          filetype,
          pretty_type,
          user: state.bot.userId,
          user_team: state.team.id,
          size: upload.declaredLength,
          mode: 'hosted',
          is_external: false,
          is_public: ch !== undefined && !ch.isPrivate,
          url_private: base,
          url_private_download: base.replace('/files-pri/', '/files-pri/download/'),
          permalink: `https://${state.team.domain}.slack.com/files/${state.bot.userId}/${upload.fileId}/${upload.filename}`,
          ...(upload.altText !== undefined ? { alt_txt: upload.altText } : {}),
          shares: {},
          channels: [],
          groups: [],
          ims: [],
        };
        return upload.file;
      });
      if (ch) {
        const threadTs = strArg(args.thread_ts);
        messages.push({
          channel: ch.id,
          ts: nextTs(),
          user: state.bot.userId,
          bot_id: state.bot.botId,
          text: initialComment ?? '',
          files: out,
          ...(c.blocks ? { blocks: withBlockIds(c.blocks) } : {}),
          ...(threadTs ? { thread_ts: threadTs } : {}),
        });
      }
      return { ok: true, files: out };
    },
  };

  // --- HTTP plumbing ------------------------------------------------------------------------

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const isText = typeof body === 'string';
    res.writeHead(status, {
      'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      ...headers,
    });
    res.end(isText ? body : JSON.stringify(body));
  }

  function record(call: RecordedCall): void {
    calls.push(call);
    for (const w of waiters) {
      if (w.match(call)) {
        waiters.delete(w);
        w.resolve(call);
      }
    }
  }

  /** Consumes an injected fault for `key`, if any. */
  function takeFault(key: string): { status: number; body: unknown; headers: Record<string, string> } | undefined {
    const f = faults.get(key);
    if (!f) return undefined;
    if (--f.times <= 0) faults.delete(key);
    const status = f.status ?? (f.retryAfterSeconds !== undefined ? 429 : 200);
    const headers: Record<string, string> = f.retryAfterSeconds !== undefined ? { 'Retry-After': String(f.retryAfterSeconds) } : {};
    const error = f.error ?? (status === 429 ? 'ratelimited' : status === 200 ? 'fatal_error' : undefined);
    const body = error !== undefined ? { ok: false, error } : `fake-slack: injected HTTP ${status}`;
    return { status, body, headers };
  }

  /** Seconds to wait when the method's rate limit refuses a call arriving at `time`; undefined when it may go through. */
  function takeRateLimit(method: string, time: number): number | undefined {
    const limit = rateLimits.get(method);
    if (!limit) return undefined;
    const recent = (callTimes.get(method) ?? []).filter((t) => t > time - limit.windowMs);
    callTimes.set(method, recent);
    if (recent.length < limit.limit) {
      recent.push(time);
      return undefined;
    }
    return Math.max(1, Math.ceil((recent[0]! + limit.windowMs - time) / 1000));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', origin);
    const contentType = req.headers['content-type'];
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const auth = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
    const base = { seq: ++seq, contentType, headers: req.headers, path: url.pathname, time, raw, injected: false };

    let m: RegExpExecArray | null;
    m = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (m) {
      const method = m[1] ?? '';
      const args: Args = Object.fromEntries(url.searchParams);
      const json = mediaType === 'application/json';
      let badJson = false;
      if (json) {
        try {
          const parsed = JSON.parse(raw.toString('utf8')) as unknown;
          if (typeof parsed === 'object' && parsed !== null) Object.assign(args, parsed);
        } catch {
          badJson = true;
        }
      } else if (mediaType === 'multipart/form-data') {
        for (const p of parseMultipart(raw, contentType ?? '')) {
          if (p.name) args[p.name] = p.filename === undefined ? p.data.toString('utf8') : p.data;
        }
      } else if (raw.length > 0) {
        Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
      }
      // JSON bodies must carry the token in the Authorization header.
      const token = auth ?? (json ? undefined : strArg(args.token));
      const call: RecordedCall = { ...base, kind: 'api', method, args, token, status: 200, response: undefined };
      const fault = takeFault(method);
      const limited = fault ? undefined : takeRateLimit(method, time);
      let result: unknown;
      let status = 200;
      let headers: Record<string, string> = {};
      if (limited !== undefined) {
        status = 429;
        headers = { 'Retry-After': String(limited) };
        result = { ok: false, error: 'ratelimited' };
        call.rateLimited = true;
        call.retryAfter = limited;
      } else if (fault) {
        ({ status, headers } = fault);
        result = fault.body;
        call.injected = true;
      } else {
        const impl = methods[method];
        const tokenProblem = token && !state.tokens.has(token) ? (oauth.tokenProblem(token) ?? oauth.teamRefusal(token, args)) : undefined;
        if (method === OAUTH_ACCESS && !badJson) result = await oauth.access(args, req.headers.authorization);
        else if (!impl) result = fail('unknown_method', { req_method: method });
        else if (badJson) result = fail('invalid_json');
        else if (!token) result = fail('not_authed');
        else if (tokenProblem) result = fail(tokenProblem);
        else {
          result = impl({ args, token, json });
          if (json && !/charset/i.test(contentType ?? '')) {
            const r = result as ApiResult;
            const meta = (r.response_metadata ?? {}) as { warnings?: string[] };
            result = {
              ...r,
              warning: [r.warning, 'missing_charset'].filter(Boolean).join(','),
              response_metadata: { ...meta, warnings: [...(meta.warnings ?? []), 'missing_charset'] },
            };
          }
        }
      }
      call.status = status;
      call.response = result;
      send(res, status, result, headers);
      return record(call);
    }

    m = /^\/upload\/v1\/(\w+)$/.exec(url.pathname);

    if (m) {
      const fileId = m[1] ?? '';
      const upload = uploads.get(fileId);
      // Slack accepts raw bytes or multipart/form-data (the file is the part with a filename).
      let bytes = raw;
      if (mediaType === 'multipart/form-data') {
        const parts = parseMultipart(raw, contentType ?? '');
        const part = parts.find((p) => p.filename !== undefined) ?? parts[0];
        bytes = part?.data ?? Buffer.alloc(0);
      }
      const call: RecordedCall = {
        ...base,
        kind: 'upload',
        method: 'upload',
        args: { filename: upload?.filename, declaredLength: upload?.declaredLength, receivedLength: bytes.length },
        token: auth,
        fileId,
        bytes,
        status: 200,
        response: undefined,
      };
      const fault = takeFault('upload');
      if (fault) {
        call.injected = true;
        call.status = fault.status;
        call.response = fault.body;
        send(res, fault.status, fault.body, fault.headers);
      } else if (!upload || upload.completed) {
        call.status = 404;
        call.response = 'not found';
        send(res, 404, 'not found');
      } else {
        upload.bytes = Buffer.from(bytes);
        call.response = `OK - ${bytes.length}`;
        send(res, 200, call.response);
      }
      return record(call);
    }

    if (url.pathname === '/oauth/v2/authorize' && req.method === 'GET') {
      const visit = oauth.authorizeVisit(url.searchParams);
      const call: RecordedCall = {
        ...base,
        kind: 'authorize',
        method: 'oauth.v2.authorize',
        args: Object.fromEntries(url.searchParams),
        token: undefined,
        status: visit.location ? 302 : 400,
        response: visit.location ?? visit.problem,
      };
      if (visit.location) res.writeHead(302, { location: visit.location, 'content-length': 0 }).end();
      else send(res, 400, `fake Slack authorize: ${visit.problem}`);
      return record(call);
    }

    m = /^\/response\/([^/]+)$/.exec(url.pathname);

    if (m) {
      const responseId = decodeURIComponent(m[1] ?? '');
      let args: Args = {};
      let result: ApiResult = { ok: true };
      try {
        const parsed = JSON.parse(raw.toString('utf8')) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        args = parsed as Args;
      } catch {
        result = fail('invalid_payload');
      }
      const uses = (responseUses.get(responseId) ?? 0) + 1;
      responseUses.set(responseId, uses);
      if (result.ok && uses > (options.responseUrlMaxUses ?? 5)) result = fail('used_url');
      if (result.ok && !isTrue(args.delete_original)) {
        const c = content(args, true);
        if (isFailure(c)) result = c;
        else if (args.response_type !== undefined && !['in_channel', 'ephemeral'].includes(String(args.response_type))) {
          result = fail('invalid_response_type');
        }
      }
      const call: RecordedCall = {
        ...base,
        kind: 'response_url',
        method: 'response_url',
        args,
        token: auth,
        responseId,
        status: result.ok ? 200 : result.error === 'used_url' ? 404 : 400,
        response: result,
      };
      const fault = takeFault('response_url');
      if (fault) {
        Object.assign(call, { injected: true, status: fault.status, response: fault.body });
        send(res, fault.status, fault.body, fault.headers);
      } else send(res, call.status, result);
      return record(call);
    }

    send(res, 404, 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, `fake-slack internal error: ${String(e)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/api/`,
    origin,
    calls,
    messages,
    uploads,
    oauth: oauth.api,
    get state() {
      return state;
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitForCall(method, predicate = () => true, timeoutMs = 5000) {
      const match = (c: RecordedCall): boolean => c.method === method && predicate(c);
      const found = calls.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<RecordedCall>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (c: RecordedCall) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = calls.map((c) => c.method).join(', ') || 'none';
          reject(new Error(`fake Slack: no matching ${method} call within ${timeoutMs} ms (calls so far: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    responseUrl: (id) => `${origin}/response/${encodeURIComponent(id)}`,
    responsesTo: (id) => calls.filter((c) => c.kind === 'response_url' && c.responseId === id).map((c) => c.args),
    failNext(method, opts = {}) {
      faults.set(method, { ...opts, times: opts.times ?? 1 });
    },
    setRateLimit(method, limit) {
      if (limit) rateLimits.set(method, limit);
      else rateLimits.delete(method);
      callTimes.delete(method);
    },
    setUser(id, user) {
      state.users.set(id, makeUser(id, { ...state.users.get(id), ...user }, state.team.id));
    },
    setChannel(id, channel) {
      state.channels.set(id, makeChannel(id, { ...state.channels.get(id), ...channel }));
    },
    reset() {
      calls.length = 0;
      messages.length = 0;
      uploads.clear();
      faults.clear();
      responseUses.clear();
      rateLimits.clear();
      for (const [method, limit] of Object.entries(options.rateLimits ?? {})) rateLimits.set(method, limit);
      callTimes.clear();
      state = buildState(options);
      oauth.reset();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// =============================================================================================
// OAuth installs and per-team tokens (issue 13)
//
// oauth.v2.access plays both grants, with the client credentials checked (form fields, or HTTP
// Basic as Slack prefers):
// - authorization_code: codes registered with `fake.oauth.registerCode(code, grant)`, each good
//   once, give a workspace's or an org-wide installation (`grant.team` absent) with a bot token;
//   with `grant.expiresIn` the token rotates (`xoxe.xoxb-…`, expiring) and comes with a refresh
//   token (`xoxe-1-…`).
// - refresh_token: a new pair for the same installation. The refresh token used is spent (a second
//   use gets `invalid_refresh_token`), and the access token it replaces stops working AT ONCE
//   (`token_revoked`): Slack only promises the new one, so the stand-in catches any caller still
//   holding the old one.
// Issued tokens are valid for their own installation only: a call that names a channel or a user of
// another workspace gets `channel_not_found` / `user_not_found` (an org-wide token serves every
// workspace of its organisation), an expired one `token_expired`, and auth.test answers with the
// token's own team, enterprise and bot ids. The tokens given in `options.tokens` keep behaving as
// before (the fake's one team, no such checks).
// The browser's side: GET /oauth/v2/authorize (the "Add to Slack" link, its origin swapped for the
// stand-in's) checks client_id, scope and redirect_uri and answers as the installer chose with
// `fake.oauth.approveNext(grant | 'deny')`: a 302 to the redirect URL with a fresh code and the
// state, or with error=access_denied. auth.teams.list gives an org-wide token's workspaces.
// =============================================================================================

export interface FakeOAuthOptions {
  /** Default `1111111111.2222222222`. */
  clientId?: string;
  /** Default `fakeclientsecret0123456789abcdef`. */
  clientSecret?: string;
  /** Lifetime in seconds of the tokens a refresh issues. Default 43200 (Slack's 12 hours), whatever the first token's was. */
  refreshExpiresIn?: number;
}

/** What an OAuth code (or `fake.oauth.issue`) installs. */
export interface FakeOAuthGrant {
  /** The workspace installing; absent for an org-wide installation. */
  team?: { id: string; name?: string };
  /** The Enterprise Grid organisation (required for an org-wide installation). */
  enterprise?: { id: string; name?: string };
  /** Default: true when no team is given. */
  isEnterpriseInstall?: boolean;
  /** Defaults: the fake's bot (`options.bot`). */
  appId?: string;
  botUserId?: string;
  botId?: string;
  /** Default `commands,chat:write`. */
  scope?: string;
  /** `authed_user.id`. Default `U0INSTALLR`. */
  installerUserId?: string;
  /** Token rotation: the bot token expires after this many seconds and comes with a refresh token. */
  expiresIn?: number;
  /** When set, the exchange must send the same `redirect_uri` (else `bad_redirect_uri`). */
  redirectUri?: string;
}

export interface FakeIssuedToken {
  token: string;
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
  appId: string;
  botUserId: string;
  botId: string;
  scope: string;
  /** undefined: the token does not expire. */
  expiresAtMs: number | undefined;
  /** The refresh token issued with it (token rotation only). */
  refreshToken: string | undefined;
  /** Replaced by a refresh, or revoked with its installation. */
  revoked: boolean;
}

export interface FakeOAuth {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Milliseconds oauth.v2.access waits before it answers (to widen races). Default 0; reset() restores it. */
  delayMs: number;
  registerCode(code: string, grant: FakeOAuthGrant): void;
  /** Issues a token pair as a code exchange would, without the exchange. */
  issue(grant: FakeOAuthGrant): { accessToken: string; refreshToken: string | undefined; expiresIn: number | undefined };
  tokenInfo(token: string): FakeIssuedToken | undefined;
  /** The bot tokens that serve a workspace now: its own installation's and its organisation's org-wide one. */
  tokensByTeam(teamId: string): string[];
  /** Makes a workspace part of an organisation (a workspace grant with an enterprise does it too). */
  addTeamToEnterprise(teamId: string, enterpriseId: string): void;
  /** Makes an access token expire now. */
  expireToken(token: string): void;
  /** Revokes every access and refresh token of a workspace's installation (teamId) or of an org-wide one (enterpriseId only). */
  revokeInstallation(target: { teamId?: string; enterpriseId?: string }): void;
  /** The oauth.v2.access calls that used grant_type=refresh_token, in order. */
  refreshCalls(): RecordedCall[];
  /** What the next visit to the authorize page does: approve this grant (a code for it), or 'deny' (the installer cancels). One visit each, in order. */
  approveNext(grant: FakeOAuthGrant | 'deny'): void;
  /** The redirect URL of the app's settings: where the authorize page sends the browser when the link names none. */
  redirectUrl: string | undefined;
  /** Every access and refresh token issued so far (to look for them where none may be). */
  issuedTokens(): string[];
}

const OAUTH_ACCESS = 'oauth.v2.access';

interface FakeOAuthInternals {
  api: FakeOAuth;
  access(args: Args, authorization: string | undefined): Promise<ApiResult>;
  /** Why an issued token cannot be used (undefined when it can); `invalid_auth` for a token never issued. */
  tokenProblem(token: string): string | undefined;
  /** Why an issued token may not act on the channel or user the call names. */
  teamRefusal(token: string, args: Args): string | undefined;
  /** auth.test for an issued token; undefined for the tokens of `options.tokens`. */
  authTest(token: string): ApiResult | undefined;
  /** auth.teams.list for an issued token; undefined for the tokens of `options.tokens`. */
  teamsList(token: string): ApiResult | undefined;
  /** A browser's visit to the authorize page: where it is sent next, or why the page refuses. */
  authorizeVisit(query: URLSearchParams): { location?: string; problem?: string };
  reset(): void;
}

function createFakeOAuth(options: FakeOAuthOptions, getState: () => FakeSlackState, getCalls: () => readonly RecordedCall[]): FakeOAuthInternals {
  const clientId = options.clientId ?? '1111111111.2222222222';
  const clientSecret = options.clientSecret ?? 'fakeclientsecret0123456789abcdef';
  const codes = new Map<string, FakeOAuthGrant>();
  const tokens = new Map<string, FakeIssuedToken & { grant: FakeOAuthGrant }>();
  /** refresh token → whether it is still good. */
  const refreshTokens = new Map<string, { grant: FakeOAuthGrant; good: boolean; accessToken: string }>();
  const enterpriseOfTeam = new Map<string, string>();
  const approvals: (FakeOAuthGrant | 'deny')[] = [];
  let counter = 0;

  const random = () => `${++counter}-${Math.random().toString(36).slice(2, 12)}`;
  const isOrg = (grant: FakeOAuthGrant) => grant.isEnterpriseInstall ?? !grant.team;

  function issue(grant: FakeOAuthGrant, expiresIn = grant.expiresIn) {
    const state = getState();
    if (grant.team?.id && grant.enterprise?.id) enterpriseOfTeam.set(grant.team.id, grant.enterprise.id);
    const rotating = expiresIn !== undefined;
    const accessToken = rotating ? `xoxe.xoxb-1-${random()}` : `xoxb-${random()}`;
    const refreshToken = rotating ? `xoxe-1-${random()}` : undefined;
    tokens.set(accessToken, {
      token: accessToken,
      grant,
      teamId: isOrg(grant) ? undefined : grant.team?.id,
      enterpriseId: grant.enterprise?.id,
      isEnterpriseInstall: isOrg(grant),
      appId: grant.appId ?? state.bot.appId,
      botUserId: grant.botUserId ?? state.bot.userId,
      botId: grant.botId ?? state.bot.botId,
      scope: grant.scope ?? 'commands,chat:write',
      expiresAtMs: rotating ? Date.now() + expiresIn * 1000 : undefined,
      refreshToken,
      revoked: false,
    });
    if (refreshToken) refreshTokens.set(refreshToken, { grant, good: true, accessToken });
    return { accessToken, refreshToken, expiresIn };
  }

  function grantResponse(grant: FakeOAuthGrant, issued: ReturnType<typeof issue>): ApiResult {
    const info = tokens.get(issued.accessToken)!;
    return {
      ok: true,
      app_id: info.appId,
      authed_user: { id: grant.installerUserId ?? 'U0INSTALLR' },
      scope: info.scope,
      token_type: 'bot',
      access_token: issued.accessToken,
      bot_user_id: info.botUserId,
      team: info.isEnterpriseInstall || !grant.team ? null : { id: grant.team.id, name: grant.team.name ?? grant.team.id },
      enterprise: grant.enterprise ? { id: grant.enterprise.id, name: grant.enterprise.name ?? grant.enterprise.id } : null,
      is_enterprise_install: info.isEnterpriseInstall,
      ...(issued.refreshToken ? { refresh_token: issued.refreshToken, expires_in: issued.expiresIn } : {}),
    };
  }

  /** The client credentials of a call: HTTP Basic, else the form fields. */
  function credentials(args: Args, authorization: string | undefined): [string | undefined, string | undefined] {
    const basic = /^Basic\s+(\S+)/i.exec(authorization ?? '')?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon < 0 ? [decoded, undefined] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    }
    return [strArg(args.client_id), strArg(args.client_secret)];
  }

  function serves(info: FakeIssuedToken, teamId: string | undefined): boolean {
    if (teamId === undefined) return true;
    return info.isEnterpriseInstall ? enterpriseOfTeam.get(teamId) === info.enterpriseId : info.teamId === teamId;
  }

  /** The workspace of a channel (or of a user named as a DM channel), when the fake knows it. */
  function teamOfChannel(id: string): string | undefined {
    const state = getState();
    const channel = state.channels.get(id);
    if (channel) return channel.teamId ?? (channel.isIm && channel.user ? state.users.get(channel.user)?.team_id : undefined) ?? state.team.id;
    return /^[UW]/.test(id) ? state.users.get(id)?.team_id : undefined;
  }

  const api: FakeOAuth = {
    clientId,
    clientSecret,
    delayMs: 0,
    registerCode(code, grant) {
      if (isOrg(grant) && !grant.enterprise) throw new Error('fake Slack: an org-wide grant needs its enterprise');
      if (!isOrg(grant) && !grant.team) throw new Error('fake Slack: a workspace grant needs its team');
      codes.set(code, grant);
    },
    issue: (grant) => issue(grant),
    tokenInfo(token) {
      const info = tokens.get(token);
      if (!info) return undefined;
      const { grant: _grant, ...rest } = info;
      return { ...rest };
    },
    tokensByTeam(teamId) {
      return [...tokens.values()]
        .filter((t) => !t.revoked && (t.expiresAtMs === undefined || t.expiresAtMs > Date.now()) && serves(t, teamId))
        .map((t) => t.token);
    },
    addTeamToEnterprise(teamId, enterpriseId) {
      enterpriseOfTeam.set(teamId, enterpriseId);
    },
    expireToken(token) {
      const info = tokens.get(token);
      if (info) info.expiresAtMs = Date.now() - 1;
    },
    revokeInstallation(target) {
      const matches = (grant: FakeOAuthGrant) =>
        target.teamId ? !isOrg(grant) && grant.team?.id === target.teamId : isOrg(grant) && grant.enterprise?.id === target.enterpriseId;
      for (const info of tokens.values()) if (matches(info.grant)) info.revoked = true;
      for (const refresh of refreshTokens.values()) if (matches(refresh.grant)) refresh.good = false;
    },
    refreshCalls: () => getCalls().filter((c) => c.method === OAUTH_ACCESS && strArg(c.args.grant_type) === 'refresh_token'),
    approveNext(grant) {
      approvals.push(grant);
    },
    redirectUrl: undefined,
    issuedTokens: () => [...tokens.keys(), ...refreshTokens.keys()],
  };

  return {
    api,
    async access(args, authorization) {
      if (api.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, api.delayMs));
      const [id, secret] = credentials(args, authorization);
      if (id !== clientId) return fail('invalid_client_id');
      if (secret !== clientSecret) return fail('bad_client_secret');
      const grantType = strArg(args.grant_type) ?? 'authorization_code';
      if (grantType === 'authorization_code') {
        const code = strArg(args.code);
        const grant = code === undefined ? undefined : codes.get(code);
        if (!code || !grant) return fail('invalid_code');
        if (grant.redirectUri !== undefined && strArg(args.redirect_uri) !== grant.redirectUri) return fail('bad_redirect_uri');
        codes.delete(code);
        return grantResponse(grant, issue(grant));
      }
      if (grantType !== 'refresh_token') return fail('invalid_grant_type');
      const used = refreshTokens.get(strArg(args.refresh_token) ?? '');
      if (!used?.good) return fail('invalid_refresh_token');
      used.good = false;
      const old = tokens.get(used.accessToken);
      if (old) old.revoked = true;
      return grantResponse(used.grant, issue(used.grant, options.refreshExpiresIn ?? 43_200));
    },
    tokenProblem(token) {
      const info = tokens.get(token);
      if (!info) return 'invalid_auth';
      if (info.revoked) return 'token_revoked';
      if (info.expiresAtMs !== undefined && info.expiresAtMs <= Date.now()) return 'token_expired';
      return undefined;
    },
    teamRefusal(token, args) {
      const info = tokens.get(token);
      if (!info) return undefined;
      const channel = strArg(args.channel) ?? strArg(args.channel_id) ?? strArg(args.users)?.split(',')[0];
      if (channel && !serves(info, teamOfChannel(channel))) return 'channel_not_found';
      const user = strArg(args.user);
      if (user && !serves(info, getState().users.get(user)?.team_id)) return 'user_not_found';
      return undefined;
    },
    authTest(token) {
      const info = tokens.get(token);
      if (!info) return undefined;
      const teamId = info.teamId ?? info.enterpriseId!;
      const name = (info.isEnterpriseInstall ? info.grant.enterprise?.name : info.grant.team?.name) ?? teamId;
      return {
        ok: true,
        url: `https://${teamId.toLowerCase()}.slack.com/`,
        team: name,
        user: getState().bot.name,
        team_id: teamId,
        user_id: info.botUserId,
        bot_id: info.botId,
        ...(info.enterpriseId ? { enterprise_id: info.enterpriseId } : {}),
        is_enterprise_install: info.isEnterpriseInstall,
        ...(info.expiresAtMs !== undefined ? { expires_in: Math.max(0, Math.floor((info.expiresAtMs - Date.now()) / 1000)) } : {}),
      };
    },
    teamsList(token) {
      const info = tokens.get(token);
      if (!info) return undefined;
      const ids = info.isEnterpriseInstall
        ? [...enterpriseOfTeam].filter(([, enterprise]) => enterprise === info.enterpriseId).map(([team]) => team)
        : [info.teamId!];
      return { ok: true, teams: ids.map((id) => ({ id, name: `Team ${id}` })), response_metadata: { next_cursor: '' } };
    },
    authorizeVisit(query) {
      if (query.get('client_id') !== clientId) return { problem: 'invalid_client_id' };
      const scope = query.get('scope');
      if (!scope) return { problem: 'invalid_scope' };
      const redirectUri = query.get('redirect_uri') ?? undefined;
      if (redirectUri !== undefined && api.redirectUrl !== undefined && redirectUri !== api.redirectUrl) return { problem: 'bad_redirect_uri' };
      const target = redirectUri ?? api.redirectUrl;
      if (!target) return { problem: 'no redirect URL: set fake.oauth.redirectUrl or send redirect_uri' };
      const approval = approvals.shift();
      if (!approval) return { problem: 'no approval queued: call fake.oauth.approveNext(grant) first' };
      const back = new URL(target);
      const state = query.get('state');
      if (approval === 'deny') back.searchParams.set('error', 'access_denied');
      else {
        const code = `code-${random()}`;
        api.registerCode(code, { scope, ...approval, ...(redirectUri !== undefined ? { redirectUri } : {}) });
        back.searchParams.set('code', code);
      }
      if (state !== null) back.searchParams.set('state', state);
      return { location: back.toString() };
    },
    reset() {
      approvals.length = 0;
      api.redirectUrl = undefined;
      codes.clear();
      tokens.clear();
      refreshTokens.clear();
      enterpriseOfTeam.clear();
      api.delayMs = 0;
    },
  };
}
