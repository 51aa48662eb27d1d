import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayGuard, readRequestIdentity, SEEN_REQUEST_TTL_MS } from '../../src/slack/guard-replays.ts';
import { blockActionsPayload, SLACK_DEFAULTS } from '../support/slack/slack-requests.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';

const silent = pino({ level: 'silent' });

describe('readRequestIdentity', () => {
  it('names a slash command by its trigger_id, a click by trigger_id and action_ts, an event by its event_id', () => {
    expect(readRequestIdentity({ command: '/miniapp-stats', text: 'apps', trigger_id: '1.2.abc' })).toBe('command:1.2.abc');
    const click = blockActionsPayload({ actions: [{ action_id: 'miniapp_export', value: 'export apps' }], triggerId: '3.4.def' });
    const actionTs = (click.actions as { action_ts: string }[])[0]!.action_ts;
    expect(readRequestIdentity(click)).toBe(`action:3.4.def:${actionTs}`);
    expect(readRequestIdentity({ type: 'event_callback', event_id: 'Ev0123', event: { type: 'app_uninstalled' } })).toBe('event:Ev0123');
    expect(readRequestIdentity({ type: 'view_submission', trigger_id: '5.6.ghi' })).toBe('interaction:view_submission:5.6.ghi');
  });
  it('has none for a request without one, which is then never taken for a replay', () => {
    expect(readRequestIdentity({ type: 'url_verification', challenge: 'x' })).toBeNull();
    expect(readRequestIdentity({ command: '/miniapp-stats', text: 'apps' })).toBeNull();
    expect(readRequestIdentity({ type: 'block_actions', trigger_id: '1.2.3', actions: [] })).toBeNull();
    expect(readRequestIdentity({ type: 'event_callback', event_id: '' })).toBeNull();
  });
  it('hashes an identity longer than the column', () => {
    const id = readRequestIdentity({ command: '/miniapp-stats', trigger_id: 'x'.repeat(500) })!;
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(readRequestIdentity({ command: '/miniapp-stats', trigger_id: 'x'.repeat(500) })).toBe(id);
  });
});

describe.each(DATABASE_KINDS)('createReplayGuard on %s', (kind) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await createTestDatabase(kind);
  });
  afterAll(async () => store?.drop());

  it('lets the first copy through, on one replica or another, and no later one', async () => {
    const clock = { now: 1_800_000_000_000 };
    const replicaA = createReplayGuard(store.db, silent, () => clock.now);
    const replicaB = createReplayGuard(store.db, silent, () => clock.now);
    const claims = await Promise.all([replicaA, replicaB, replicaA, replicaB].map((guard) => guard.claim('command:1.2.first')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    clock.now += SEEN_REQUEST_TTL_MS - 1;
    expect(await replicaB.claim('command:1.2.first')).toBe(false);
    expect(await replicaA.claim(`action:1.2.first:${SLACK_DEFAULTS.teamId}`)).toBe(true);
  });

  it('deletes what has expired, at most once a minute', async () => {
    const clock = { now: 1_900_000_000_000 };
    const guard = createReplayGuard(store.db, silent, () => clock.now);
    await guard.claim('event:Ev-old');
    clock.now += SEEN_REQUEST_TTL_MS + 1;
    await guard.claim('event:Ev-new');
    const ids = await store.db('slack_seen_requests').where('request_id', 'like', 'event:Ev-%').pluck('request_id');
    expect(ids.sort()).toEqual(['event:Ev-new']);
  });

  it('lets a request through when the database cannot record it (its handler reports the database)', async () => {
    const unmigrated = await createTestDatabase(kind, { migrate: false });
    try {
      expect(await createReplayGuard(unmigrated.db, silent).claim('command:9.9.9')).toBe(true);
    } finally {
      await unmigrated.drop();
    }
  });
});
