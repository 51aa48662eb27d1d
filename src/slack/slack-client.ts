/**
 * The app's one way to call Slack's Web API: a SlackClient holds the token (inside its WebClient)
 * and the rate-limit policy, and offers the calls the app makes. Nothing else in the app holds a
 * token or calls a WebClient.
 */
import type { KnownBlock, MessageMetadata } from '@slack/types';
import { ErrorCode, type FilesUploadV2Arguments, LogLevel, WebClient } from '@slack/web-api';
import type { AnswerFile } from '../render/answer-files.ts';

export interface SlackCallPolicy {
  /** The longest total time to wait for rate limits before giving up. */
  maxWaitMs: number;
  /** The same for file uploads; default: maxWaitMs. */
  uploadMaxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** On the command path callers must hear back within seconds. */
export const COMMAND_PATH_POLICY: SlackCallPolicy = { maxWaitMs: 10_000 };

/**
 * Background work (digests) does not wait for a rate limit inside a call: the run is retried when
 * Retry-After says, through the database. Uploads into a message already posted wait as on the
 * command path.
 */
export const BACKGROUND_POLICY: SlackCallPolicy = { maxWaitMs: 0, uploadMaxWaitMs: COMMAND_PATH_POLICY.maxWaitMs };

/** Web API calls on the command path: quick retries of server errors, rate limits handled by the policy. */
export const COMMAND_CLIENT_OPTIONS = { retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 }, rejectRateLimitedCalls: true };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds Slack asked us to wait, or null when the error is not a rate limit. */
export function rateLimitDelay(error: unknown): number | null {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string } } | null;
  if (e?.code === ErrorCode.RateLimitedError) return e.retryAfter ?? 1;
  if (e?.code === ErrorCode.PlatformError && e.data?.error === 'ratelimited') return 1;
  return null;
}

/** The Slack error code of a failed Web API call (e.g. not_in_channel), or null. */
export function slackErrorCode(error: unknown): string | null {
  const e = error as { code?: string; data?: { error?: string } } | null;
  return e?.code === ErrorCode.PlatformError ? (e.data?.error ?? null) : null;
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface MessageToPost {
  /** A conversation id, or a user id for the app's direct messages with them. */
  channel: string;
  text: string;
  blocks?: KnownBlock[];
  /** false: links in the text get no previews. */
  unfurlLinks?: false;
  metadata?: MessageMetadata;
}

export interface SlackProfile {
  email: string | null;
  isBot: boolean;
  /** Deactivated. */
  deleted: boolean;
}

export interface RecentMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  files?: unknown[];
}

export class SlackClient {
  readonly #web: WebClient;
  readonly #policy: SlackCallPolicy;

  constructor(web: WebClient, policy: SlackCallPolicy = COMMAND_PATH_POLICY) {
    this.#web = web;
    this.#policy = policy;
  }

  /** The same token under another rate-limit policy (e.g. no waiting inside calls, for work that paces itself). */
  withPolicy(policy: SlackCallPolicy): SlackClient {
    return new SlackClient(this.#web, policy);
  }

  /** The client of a request Bolt hands a listener (with the token of the request's installation). */
  static forRequest(web: WebClient): SlackClient {
    return new SlackClient(web, COMMAND_PATH_POLICY);
  }

  /**
   * A client of its own for background work: no retries inside calls, rate limits rejected at
   * once. `teamId` names the workspace an org-wide token acts in (sent as `team_id`).
   */
  static forBackground(token: string, options: { slackApiUrl?: string | undefined; teamId?: string | undefined } = {}): SlackClient {
    const web = new WebClient(token, {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
      ...(options.teamId ? { teamId: options.teamId } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    return new SlackClient(web, BACKGROUND_POLICY);
  }

  /**
   * Makes a call, waiting as long as Slack's Retry-After says when rate limited, up to the policy's
   * budget (the WebClient itself rejects rate-limited calls instead of waiting unboundedly).
   */
  async #call<T>(call: (web: WebClient) => Promise<T>, maxWaitMs = this.#policy.maxWaitMs): Promise<T> {
    const sleep = this.#policy.sleep ?? defaultSleep;
    let waited = 0;
    for (;;) {
      try {
        return await call(this.#web);
      } catch (error) {
        const retryAfterSeconds = rateLimitDelay(error);
        if (retryAfterSeconds === null) throw error;
        const delay = Math.max(retryAfterSeconds, 1) * 1000;
        if (waited + delay > maxWaitMs) throw error;
        waited += delay;
        await sleep(delay);
      }
    }
  }

  async postMessage(message: MessageToPost): Promise<PostedMessage> {
    const posted = await this.#call((web) =>
      web.chat.postMessage({
        channel: message.channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(message.unfurlLinks === false ? { unfurl_links: false } : {}),
        ...(message.metadata ? { metadata: message.metadata } : {}),
      }),
    );
    if (!posted.ts) throw new Error(`Slack posted into ${message.channel} without a message ts`);
    return { channel: posted.channel ?? message.channel, ts: posted.ts };
  }

  /** The channel id of the app's direct messages with a user. */
  async openDirectMessage(userId: string): Promise<string> {
    const opened = await this.#call((web) => web.conversations.open({ users: userId }));
    if (!opened.channel?.id) throw new Error(`Slack opened no direct message with ${userId}`);
    return opened.channel.id;
  }

  /** Uploads files with the current flow (files.getUploadURLExternal + files.completeUploadExternal), into a thread if given. */
  async uploadFiles(channelId: string, files: readonly AnswerFile[], options: { threadTs?: string; comment?: string } = {}): Promise<void> {
    if (files.length === 0) return;
    const fileUploads = files.map((file) => ({ file: file.content, filename: file.filename, title: file.title }));
    await this.#call(
      (web) =>
        web.filesUploadV2({
          channel_id: channelId,
          file_uploads: fileUploads,
          ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
          ...(options.comment ? { initial_comment: options.comment } : {}),
        } as FilesUploadV2Arguments),
      this.#policy.uploadMaxWaitMs ?? this.#policy.maxWaitMs,
    );
  }

  /**
   * A conversation as the app sees it (conversations.info): its name, whether it is archived and
   * whether the app is in it; for a direct message (`is_im`) its one human (`user`).
   */
  async readConversation(
    channelId: string,
  ): Promise<{ name?: string; is_archived?: boolean; is_member?: boolean; is_im?: boolean; is_mpim?: boolean; user?: string } | undefined> {
    const info = await this.#call((web) => web.conversations.info({ channel: channelId }));
    return info.channel;
  }

  /** One page of a conversation's members (conversations.members); `nextCursor` null on the last page. */
  async readConversationMembers(channelId: string, page: { cursor?: string; limit: number }): Promise<{ members: string[]; nextCursor: string | null }> {
    const result = await this.#call((web) =>
      web.conversations.members({ channel: channelId, limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) }),
    );
    return { members: result.members ?? [], nextCursor: result.response_metadata?.next_cursor || null };
  }

  /** The latest messages of a conversation, with their metadata. */
  async readRecentMessages(channelId: string, limit: number): Promise<RecentMessage[]> {
    const history = await this.#call((web) => web.conversations.history({ channel: channelId, include_all_metadata: true, limit }));
    return (history.messages ?? []) as RecentMessage[];
  }

  /** A message and the replies in its thread. */
  async readThread(channelId: string, ts: string, limit: number): Promise<RecentMessage[]> {
    const replies = await this.#call((web) => web.conversations.replies({ channel: channelId, ts, limit }));
    return (replies.messages ?? []) as RecentMessage[];
  }

  /** The workspaces an org-wide installation's token was given (auth.teams.list, every page). */
  async listTeams(): Promise<{ id: string; name?: string }[]> {
    const teams: { id: string; name?: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#call((web) => web.auth.teams.list({ limit: 1000, ...(cursor ? { cursor } : {}) }));
      for (const team of page.teams ?? []) if (team.id) teams.push({ id: team.id, ...(team.name ? { name: team.name } : {}) });
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return teams;
  }

  /**
   * A user as users.info shows them (needs users:read.email): the e-mail of their profile, trimmed
   * and lower-cased, or null; whether they are a bot, and whether they are deactivated.
   */
  async readUserProfile(userId: string): Promise<SlackProfile> {
    const info = await this.#call((web) => web.users.info({ user: userId }));
    return { email: info.user?.profile?.email?.trim().toLowerCase() || null, isBot: Boolean(info.user?.is_bot), deleted: Boolean(info.user?.deleted) };
  }
}
