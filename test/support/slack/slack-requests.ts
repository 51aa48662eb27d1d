/**
 * Helpers to act as Slack towards the app's HTTP receiver: signed slash commands and interactions.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface SlackSignatureHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

/** Signs `rawBody` as Slack does: `v0=` + hex HMAC-SHA256(signingSecret, `v0:<ts>:<body>`). */
export function signSlackRequest(signingSecret: string, rawBody: string, timestampSeconds: number = Math.floor(Date.now() / 1000)): SlackSignatureHeaders {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${signature}`, 'X-Slack-Request-Timestamp': String(timestampSeconds) };
}

/** Defaults shared by the body builders (ids of the fake workspace). */
export const SLACK_DEFAULTS = {
  teamId: 'T0FAKE0001',
  teamDomain: 'fake-team',
  userId: 'U0FAKEUSR1',
  userName: 'tester',
  channelId: 'C0FAKECHN1',
  channelName: 'stats',
  apiAppId: 'A0FAKEAPP1',
  /** The deprecated verification token Slack still sends. */
  verificationToken: 'fake-verification-token',
} as const;

export const triggerId = (): string => `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${randomBytes(16).toString('hex')}`;

/** Who sends a request from where: the fields slash commands and block actions share. */
interface SlackOriginOptions {
  teamId?: string;
  teamDomain?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  apiAppId?: string;
  responseUrl?: string;
  triggerId?: string;
}

export interface SlashCommandOptions extends SlackOriginOptions {
  command: string;
  text?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  /** The app is installed org-wide in the enterprise (Slack says so in each command). */
  isEnterpriseInstall?: boolean;
}

/** A slash command body, form-encoded with the fields (and order) Slack sends. */
export function slashCommandBody(o: SlashCommandOptions): string {
  const d = SLACK_DEFAULTS;
  const fields: Array<[string, string]> = [
    ['token', d.verificationToken],
    ['team_id', o.teamId ?? d.teamId],
    ['team_domain', o.teamDomain ?? d.teamDomain],
    ...(o.enterpriseId !== undefined
      ? [['enterprise_id', o.enterpriseId] as [string, string], ['enterprise_name', o.enterpriseName ?? 'Fake Enterprise'] as [string, string]]
      : []),
    ['channel_id', o.channelId ?? d.channelId],
    ['channel_name', o.channelName ?? d.channelName],
    ['user_id', o.userId ?? d.userId],
    ['user_name', o.userName ?? d.userName],
    ['command', o.command],
    ['text', o.text ?? ''],
    ['api_app_id', o.apiAppId ?? d.apiAppId],
    ['is_enterprise_install', String(o.isEnterpriseInstall ?? false)],
    ['response_url', o.responseUrl ?? 'https://hooks.slack.com/commands/T0FAKE0001/1/fake'],
    ['trigger_id', o.triggerId ?? triggerId()],
  ];
  return new URLSearchParams(fields).toString();
}

export interface BlockAction {
  action_id: string;
  /** Defaults to the block of `message.blocks` holding an element with this action_id. */
  block_id?: string;
  /** Element type; default `button`, or `static_select` when selected_option is given. */
  type?: string;
  value?: string;
  selected_option?: { value: string; text?: string };
  /** Button label; default: the action_id. */
  text?: string;
}

export interface BlockActionsOptions extends SlackOriginOptions {
  actions: BlockAction[];
  /** ts of the message holding the blocks (default: message.ts or a fresh ts). */
  messageTs?: string;
  /** The message the buttons are in; omitted from the payload when ephemeral, as Slack does. */
  message?: { ts?: string; text?: string; blocks?: unknown[]; user?: string; bot_id?: string; thread_ts?: string };
  isEphemeral?: boolean;
  state?: { values: Record<string, Record<string, unknown>> };
}

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

function findBlockId(blocks: unknown[] | undefined, actionId: string): string | undefined {
  for (const b of blocks ?? []) {
    const block = b as { block_id?: string; elements?: unknown[]; accessory?: unknown };
    const elements = [...(block.elements ?? []), block.accessory];
    if (elements.some((e) => (e as { action_id?: unknown } | undefined)?.action_id === actionId)) return block.block_id;
  }
  return undefined;
}

/** The `block_actions` payload object (see blockActionsBody for the encoded body). */
export function blockActionsPayload(o: BlockActionsOptions): Record<string, unknown> {
  const d = SLACK_DEFAULTS;
  const nowTs = `${(Date.now() / 1000).toFixed(6)}`;
  const messageTs = o.messageTs ?? o.message?.ts ?? nowTs;
  const teamId = o.teamId ?? d.teamId;
  const channelId = o.channelId ?? d.channelId;
  return {
    type: 'block_actions',
    user: { id: o.userId ?? d.userId, username: o.userName ?? d.userName, name: o.userName ?? d.userName, team_id: teamId },
    api_app_id: o.apiAppId ?? d.apiAppId,
    token: d.verificationToken,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: o.isEphemeral ?? false },
    trigger_id: o.triggerId ?? triggerId(),
    team: { id: teamId, domain: o.teamDomain ?? d.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: o.channelName ?? d.channelName },
    ...(o.isEphemeral
      ? {}
      : {
          message: {
            type: 'message',
            subtype: 'bot_message',
            text: '',
            user: 'U0FAKEBOT1',
            bot_id: 'B0FAKEBOT1',
            blocks: [],
            team: teamId,
            ...o.message,
            ts: messageTs,
          },
        }),
    state: o.state ?? { values: {} },
    response_url: o.responseUrl ?? 'https://hooks.slack.com/actions/T0FAKE0001/1/fake',
    actions: o.actions.map((a) => {
      const type = a.type ?? (a.selected_option ? 'static_select' : 'button');
      const common = {
        action_id: a.action_id,
        block_id: a.block_id ?? findBlockId(o.message?.blocks, a.action_id) ?? 'actions',
        type,
        action_ts: nowTs,
      };
      if (a.selected_option) {
        const { value, text = value } = a.selected_option;
        return { ...common, selected_option: { text: plain(text), value } };
      }
      return { ...common, text: plain(a.text ?? a.action_id), ...(a.value !== undefined ? { value: a.value } : {}) };
    }),
  };
}

/** A `block_actions` interaction body: form-encoded `payload=<json>`, as Slack sends it. */
export function blockActionsBody(o: BlockActionsOptions): string {
  return interactionBody(blockActionsPayload(o));
}

/** Any interaction payload (view_submission, shortcut...) encoded the way Slack posts it. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface PostToAppOptions {
  signingSecret: string;
  /** Request timestamp in seconds (default now); an old one makes a stale request. */
  timestamp?: number;
  /** Sent instead of the computed signature (to forge requests). */
  signature?: string;
  /** Default `application/x-www-form-urlencoded` (exactly what Slack sends, no charset). */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface AppResponse {
  status: number;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  headers: Headers;
}

/** POSTs a body to the app as Slack would, signed with the signing secret. */
export async function postToApp(url: string, body: string, options: PostToAppOptions): Promise<AppResponse> {
  const signed = signSlackRequest(options.signingSecret, body, options.timestamp);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded',
      'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signed,
      ...(options.signature !== undefined ? { 'X-Slack-Signature': options.signature } : {}),
      ...options.headers,
    },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, body: text, json, headers: res.headers };
}

export interface EventCallbackOptions {
  teamId: string;
  enterpriseId?: string;
  /** The authorization is an org-wide installation's (then its team_id is null). */
  isEnterpriseInstall?: boolean;
  event: Record<string, unknown> & { type: string };
  eventId?: string;
  apiAppId?: string;
}

/** An Events API callback (`event_callback`), JSON-encoded, with the authorizations Slack sends. */
export function eventCallbackBody(o: EventCallbackOptions): string {
  const org = o.isEnterpriseInstall ?? false;
  return JSON.stringify({
    token: SLACK_DEFAULTS.verificationToken,
    team_id: o.teamId,
    ...(o.enterpriseId ? { enterprise_id: o.enterpriseId } : {}),
    api_app_id: o.apiAppId ?? SLACK_DEFAULTS.apiAppId,
    event: { event_ts: `${(Date.now() / 1000).toFixed(6)}`, ...o.event },
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: o.enterpriseId ?? null, team_id: org ? null : o.teamId, user_id: 'U0FAKEBOT1', is_bot: true, is_enterprise_install: org },
    ],
    is_ext_shared_channel: false,
  });
}

/** The `url_verification` request Slack sends when the events URL is set. */
export function urlVerificationBody(challenge: string): string {
  return JSON.stringify({ token: SLACK_DEFAULTS.verificationToken, challenge, type: 'url_verification' });
}
