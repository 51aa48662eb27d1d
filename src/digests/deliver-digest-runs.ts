import { InputError } from '../domain/errors.ts';
import type { StatsAnswer } from '../domain/reports.ts';
import type { AnswerFile } from '../render/answer-files.ts';
import { renderChartFiles } from '../reports/answers.ts';
import { type Clearance, checkClearance } from '../slack/clearance.ts';
import { type DeliverySteps, deliverAnswer } from '../slack/deliver-answer.ts';
import { buildDigestMessage, describeUnclearedConversation, type Freshness, readFreshness } from '../slack/messages.ts';
import { rateLimitDelay, type SlackClient, slackErrorCode } from '../slack/slack-client.ts';
import type { WorkspaceSlack } from '../slack/slack-clients.ts';
import { readWorkspace } from '../stats/read-workspace.ts';
import { handledLater } from '../util/handled-later.ts';
import { answerDigestContent } from './answer-digest-content.ts';
import { describeSchedule } from './describe-schedule.ts';
import type { DigestRecord } from './digest-record.ts';
import { type DigestRun, finishAttempt, readPreviousRun, startAttempt, updateRun } from './digest-runs.ts';
import type { DeliveryHooks, DigestSchedulerDeps } from './digest-scheduler-deps.ts';

export const DIGEST_EVENT_TYPE = 'miniapp_stats_digest';
export const MAX_ATTEMPTS = 6;
const CHANNEL_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'invalid_channel', 'restricted_action']);
/** Slack no longer takes the installation's token (uninstalled without our hearing of it yet): the run pauses instead of retrying with it. */
const TOKEN_ERRORS = new Set(['token_revoked', 'account_inactive', 'invalid_auth', 'not_authed', 'token_expired']);

/** How long a delivery waits for the check of its channel's members before trying again at the next tick (the check goes on). */
const CHECK_WAIT_MS = 30_000;
/** When a channel's check is still running, the run is tried again this much later. */
const CHECKING_RETRY_MS = 60_000;

class DeliveryAborted extends Error {
  override name = 'DeliveryAborted';
}

/** The channel is not cleared for analytics: nothing is posted. */
class NotCleared extends Error {
  override name = 'NotCleared';
  constructor(readonly clearance: Extract<Clearance, { cleared: false }>) {
    super(`the channel is not cleared for analytics (${clearance.reason})`);
  }
}

interface Rendered {
  answer: StatsAnswer;
  charts: AnswerFile[];
  freshness: Freshness;
}

/**
 * Delivers claimed runs, each with the Slack client of its workspace's team; a run of a team
 * without a usable installation is paused (recorded, nothing sent). Runs with the same content
 * (workspace, command, day) are computed and rendered once, then posted to each channel.
 */
export async function deliverDigestRuns(deps: DigestSchedulerDeps, runs: DigestRun[], digests: Map<number, DigestRecord>, now: Date): Promise<void> {
  const rendered = new Map<string, Promise<Rendered>>();
  const targets = new Map<string, Promise<WorkspaceSlack>>();
  for (const run of runs) {
    const digest = digests.get(run.digestId);
    if (!digest) {
      await updateRun(deps.db, run.id, { status: 'failed', last_error: 'the digest was removed', lease_until_ms: null }, now.getTime());
      continue;
    }
    // Looked up and rendered once per workspace and content, each awaited (and its failure recorded) by each run below.
    const target = once(targets, digest.workspaceId, () => findWorkspaceSlack(deps, digest.workspaceId));
    const key = JSON.stringify([digest.workspaceId, digest.content, run.localDay]);
    const rendering = () => once(rendered, key, () => renderDigest(deps, digest, run, now));
    try {
      await deliverRun(deps, digest, run, { target, rendering }, now);
    } catch (error) {
      if (error instanceof DeliveryAborted) throw error.cause;
      deps.logger.error({ err: error, run: run.id }, 'digest delivery failed and could not be recorded');
    }
  }
}

function once<T>(started: Map<string, Promise<T>>, key: string, start: () => Promise<T>): Promise<T> {
  let promise = started.get(key);
  if (!promise) {
    promise = handledLater(start());
    started.set(key, promise);
  }
  return promise;
}

async function findWorkspaceSlack(deps: DigestSchedulerDeps, workspaceId: string): Promise<WorkspaceSlack> {
  const workspace = await readWorkspace(deps.db, workspaceId);
  if (!workspace) throw new InputError(`workspace ${workspaceId} no longer exists`);
  return deps.slack.forWorkspace(workspace);
}

async function renderDigest(deps: DigestSchedulerDeps, digest: DigestRecord, run: DigestRun, now: Date): Promise<Rendered> {
  const workspace = await readWorkspace(deps.db, digest.workspaceId);
  if (!workspace) throw new InputError(`workspace ${digest.workspaceId} no longer exists`);
  const answer = await answerDigestContent(deps.db, workspace, digest.content, run.localDay, now);
  return { answer, charts: await renderChartFiles(answer), freshness: await readFreshness(deps.db, workspace) };
}

interface RunSources {
  target: Promise<WorkspaceSlack>;
  rendering: () => Promise<Rendered>;
}

async function deliverRun(deps: DigestSchedulerDeps, digest: DigestRecord, run: DigestRun, sources: RunSources, now: Date): Promise<void> {
  const { db } = deps;
  const nowMs = now.getTime();
  const attemptId = await startAttempt(db, run, deps.replica, nowMs);
  const hook = async (name: keyof DeliveryHooks) => {
    try {
      await deps.hooks?.[name]?.(run);
    } catch (error) {
      throw new DeliveryAborted(`aborted at ${name}`, { cause: error });
    }
  };
  // The subscriber is told of a failure with the workspace's client, once it is known.
  let subscriberSlack: SlackClient | null = null;
  try {
    const target = await sources.target;
    if (target.paused) {
      await pauseRun(deps, digest, run, attemptId, target.paused.message, nowMs);
      return;
    }
    const { slack } = target;
    subscriberSlack = slack;
    const { answer, charts, freshness } = await sources.rendering();
    const channel = run.messageChannel ?? digest.channelId;
    if (!run.filesPosted) {
      // Checked again at every delivery: members come and go, and an admin may revoke the channel.
      const clearance = await checkClearance(
        { db, slack, logger: deps.logger },
        { workspace: answer.request.workspace, channelId: channel },
        { waitMs: CHECK_WAIT_MS },
      );
      if (!clearance.cleared) throw new NotCleared(clearance);
    }
    const late = run.late || nowMs - run.scheduledAtMs > deps.graceMs;
    if (late !== run.late) await updateRun(db, run.id, { late }, nowMs);
    // Set when an earlier attempt had already posted the message or its files.
    let recovered = false;
    const steps: DeliverySteps = {
      async findPosted() {
        if (run.messageTs !== null) return { channel, ts: run.messageTs };
        if (run.attempts === 0) return null;
        // An earlier attempt may have posted and died before recording it: look before posting again.
        const ts = await findPostedDigest(slack, channel, run);
        if (ts === null) return null;
        recovered = true;
        await updateRun(db, run.id, { message_channel: channel, message_ts: ts }, nowMs);
        return { channel, ts };
      },
      beforePost: () => hook('beforePost'),
      async afterPost(posted) {
        await hook('afterPost');
        await updateRun(db, run.id, { message_channel: posted.channel, message_ts: posted.ts }, nowMs);
      },
      async filesPosted(posted) {
        if (run.filesPosted) return true;
        const already = run.attempts > 0 && (await threadHasFiles(slack, channel, posted.ts));
        recovered ||= already;
        return already;
      },
      async afterFiles() {
        if (!run.filesPosted) await updateRun(db, run.id, { files_posted: true }, nowMs);
      },
    };
    const message = buildDigestMessage(answer, { id: digest.id, schedule: describeSchedule(digest), late, dueAt: digest.timeOfDay, freshness });
    const metadata = { event_type: DIGEST_EVENT_TYPE, event_payload: { run_id: String(run.id), digest_id: String(digest.id), day: run.localDay } };
    await deliverAnswer(slack, { kind: 'digest', channelId: channel, metadata, steps }, { message, files: charts });
    await updateRun(db, run.id, { status: 'posted', lease_until_ms: null, next_attempt_at_ms: null, last_error: null }, nowMs);
    await finishAttempt(db, attemptId, recovered ? 'recovered' : 'posted', null, nowMs);
  } catch (error) {
    if (error instanceof DeliveryAborted) throw error;
    if (error instanceof NotCleared) await recordNotCleared(deps, digest, run, attemptId, error, nowMs, subscriberSlack);
    else await recordFailure(deps, digest, run, attemptId, error, nowMs, subscriberSlack);
  }
}

async function recordNotCleared(
  deps: DigestSchedulerDeps,
  digest: DigestRecord,
  run: DigestRun,
  attemptId: number,
  error: NotCleared,
  nowMs: number,
  slack: SlackClient | null,
): Promise<void> {
  const { db } = deps;
  const { clearance } = error;
  if (clearance.reason === 'checking') {
    await updateRun(
      db,
      run.id,
      { status: 'retrying', last_error: 'checking the channel members', lease_until_ms: null, next_attempt_at_ms: nowMs + CHECKING_RETRY_MS },
      nowMs,
    );
    await finishAttempt(db, attemptId, 'checking', `the channel's members are still being checked; next attempt in ${CHECKING_RETRY_MS / 1000} s`, nowMs);
    return;
  }
  if (clearance.reason === 'unreadable' && CHANNEL_ERRORS.has(clearance.code)) {
    await recordFailure(deps, digest, run, attemptId, error, nowMs, slack, clearance.code);
    return;
  }
  const workspace = await readWorkspace(db, digest.workspaceId);
  const reason = describeUnclearedConversation(clearance, {
    where: `<#${digest.channelId}>`,
    workspaceName: workspace?.name ?? digest.workspaceId,
    command: '/miniapp-stats',
  });
  // Held until its next time, when the channel is checked again; the subscriber hears of it once, not at every held run.
  const previous = await readPreviousRun(db, digest.id, run.localDay);
  await updateRun(db, run.id, { status: 'held', last_error: reason.slice(0, 500), lease_until_ms: null, next_attempt_at_ms: null }, nowMs);
  await finishAttempt(db, attemptId, 'held', reason, nowMs);
  if (previous?.status === 'held') return;
  await tellSubscriber(
    deps,
    slack,
    digest,
    `Your digest #${digest.id} for <#${digest.channelId}> is held and was not posted on ${run.localDay}: ${reason} It checks again at each of its times; \`/miniapp-stats digest remove ${digest.id}\` stops it.`,
  );
}

/** A run whose team has no usable installation: recorded as paused with why, nothing sent (there is no token to send with). */
async function pauseRun(deps: DigestSchedulerDeps, digest: DigestRecord, run: DigestRun, attemptId: number, why: string, nowMs: number): Promise<void> {
  await updateRun(deps.db, run.id, { status: 'paused', last_error: why.slice(0, 500), lease_until_ms: null, next_attempt_at_ms: null }, nowMs);
  await finishAttempt(deps.db, attemptId, 'paused', why, nowMs);
  deps.logger.warn({ run: run.id, digest: digest.id, workspace: digest.workspaceId, why }, 'digest paused: its Slack workspace has no usable installation');
}

async function recordFailure(
  deps: DigestSchedulerDeps,
  digest: DigestRecord,
  run: DigestRun,
  attemptId: number,
  error: unknown,
  nowMs: number,
  slack: SlackClient | null,
  code = slackErrorCode(error),
): Promise<void> {
  const { db } = deps;
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  const attempts = run.attempts + 1;
  const wait = rateLimitDelay(error);
  if (code !== null && TOKEN_ERRORS.has(code)) {
    await pauseRun(
      deps,
      digest,
      run,
      attemptId,
      `Slack no longer accepts the token of miniapp-stats in this Slack workspace (${code}); it runs again once the app is reinstalled`,
      nowMs,
    );
    return;
  }
  if (code !== null && CHANNEL_ERRORS.has(code)) {
    await updateRun(db, run.id, { status: 'failed', last_error: detail, lease_until_ms: null }, nowMs);
    await finishAttempt(db, attemptId, 'channel_unavailable', detail, nowMs);
    await tellSubscriber(
      deps,
      slack,
      digest,
      `Your digest #${digest.id} for <#${digest.channelId}> could not be posted: ${code === 'not_in_channel' ? 'I am not a member of that channel. Invite me with `/invite @miniapp-stats`' : `Slack says ${code}`}. It will try again at its next time; \`/miniapp-stats digest remove ${digest.id}\` stops it.`,
    );
    return;
  }
  if (error instanceof InputError || attempts >= MAX_ATTEMPTS) {
    await updateRun(db, run.id, { status: 'failed', last_error: detail, lease_until_ms: null }, nowMs);
    await finishAttempt(db, attemptId, 'failed', detail, nowMs);
    await tellSubscriber(
      deps,
      slack,
      digest,
      `Your digest #${digest.id} for <#${digest.channelId}> could not be posted on ${run.localDay} after ${attempts} attempt(s): ${detail}.`,
    );
    return;
  }
  const delayMs = wait !== null ? wait * 1000 : Math.min(30_000 * 2 ** (attempts - 1), 15 * 60_000);
  await updateRun(db, run.id, { status: 'retrying', last_error: detail, lease_until_ms: null, next_attempt_at_ms: nowMs + delayMs }, nowMs);
  await finishAttempt(db, attemptId, wait !== null ? 'rate_limited' : 'retry', `${detail}; next attempt in ${Math.round(delayMs / 1000)} s`, nowMs);
}

/** A direct message to the digest's subscriber, with the client of the digest's own workspace (none when it could not be had). */
async function tellSubscriber(deps: DigestSchedulerDeps, slack: SlackClient | null, digest: DigestRecord, text: string): Promise<void> {
  if (!slack) {
    deps.logger.warn({ digest: digest.id }, 'could not tell the subscriber: no Slack client for the workspace');
    return;
  }
  await slack
    .postMessage({ channel: digest.createdBy, text })
    .catch((error) => deps.logger.warn({ err: error, digest: digest.id }, 'could not tell the subscriber'));
}

/** The ts of the message an earlier attempt of this run posted, found by its metadata. */
async function findPostedDigest(slack: SlackClient, channel: string, run: DigestRun): Promise<string | null> {
  // A takeover happens within minutes of the lost attempt: the latest messages hold it.
  const messages = await slack.readRecentMessages(channel, 200);
  const match = messages.find(({ metadata }) => metadata?.event_type === DIGEST_EVENT_TYPE && metadata.event_payload?.run_id === String(run.id));
  return match?.ts ?? null;
}

async function threadHasFiles(slack: SlackClient, channel: string, ts: string): Promise<boolean> {
  const messages = await slack.readThread(channel, ts, 50);
  return messages.some((m) => m.ts !== ts && (m.files?.length ?? 0) > 0);
}
