import { describe, expect, it } from 'vitest';
import { createFairQueue, type QueueKey } from '../../src/slack/create-fair-queue.ts';

/** Jobs that finish when the test says so, recording the order they started in. */
function createJobs() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const job = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      finishers.set(name, () => resolve(name));
    });
  const finish = async (name: string) => {
    finishers.get(name)!();
    // Let the queue start what comes next.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, job, finish };
}

const key = (workspace: string, member: string): QueueKey => ({ workspace, member });

describe('createFairQueue', () => {
  it('takes turns across workspaces and members, and runs one member’s jobs in order, one at a time', async () => {
    const queue = createFairQueue({ concurrency: 1, perMember: 3, maxWaiting: 100 });
    const { started, job, finish } = createJobs();
    for (const name of ['a1', 'a2', 'a3']) queue.enqueue(key('T1', 'A'), job(name));
    for (const name of ['b1', 'b2']) queue.enqueue(key('T1', 'B'), job(name));
    queue.enqueue(key('T2', 'C'), job('c1'));
    for (const name of ['a1', 'b1', 'c1', 'a2', 'b2', 'a3']) await finish(name);
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect({ running: queue.running, waiting: queue.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it('gives a workspace with many members no more turns than one with a single member', async () => {
    const queue = createFairQueue({ concurrency: 1, perMember: 3, maxWaiting: 100 });
    const { started, job, finish } = createJobs();
    for (const member of ['A', 'B', 'C', 'D']) queue.enqueue(key('T1', member), job(`T1-${member}`));
    queue.enqueue(key('T2', 'E'), job('T2-E1'));
    queue.enqueue(key('T2', 'E'), job('T2-E2'));
    // T1's second turn (B) was taken before T2 asked; then the two alternate.
    for (const name of ['T1-A', 'T1-B', 'T2-E1', 'T1-C', 'T2-E2', 'T1-D']) await finish(name);
    expect(started).toEqual(['T1-A', 'T1-B', 'T2-E1', 'T1-C', 'T2-E2', 'T1-D']);
  });

  it('runs as many members at once as its concurrency, but one member’s jobs never together', async () => {
    const queue = createFairQueue({ concurrency: 3, perMember: 3, maxWaiting: 100 });
    const { started, job, finish } = createJobs();
    for (const name of ['a1', 'a2', 'a3']) queue.enqueue(key('T1', 'A'), job(name));
    expect(started).toEqual(['a1']);
    for (const member of ['B', 'C', 'D']) queue.enqueue(key('T1', member), job(member));
    expect(started).toEqual(['a1', 'B', 'C']);
    expect({ running: queue.running, waiting: queue.waiting }).toEqual({ running: 3, waiting: 3 });
    await finish('a1');
    expect(started).toEqual(['a1', 'B', 'C', 'D']);
    await finish('B');
    expect(started.at(-1)).toBe('a2');
  });

  it('refuses a member’s job beyond the bound, and accepts again once one is done', async () => {
    const queue = createFairQueue({ concurrency: 2, perMember: 3, maxWaiting: 100 });
    const { job, finish } = createJobs();
    const a = key('T1', 'A');
    const results = ['a1', 'a2', 'a3', 'a4'].map((name) => queue.enqueue(a, job(name)));
    expect(results.map((r) => r.accepted)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ accepted: false, reason: 'member', held: 3 });
    expect(queue.heldBy(a)).toBe(3);
    // Another member, or the same user id in another workspace, is not held back by A.
    expect(queue.enqueue(key('T1', 'B'), job('b1')).accepted).toBe(true);
    expect(queue.enqueue(key('T2', 'A'), job('t2-a1')).accepted).toBe(true);
    await finish('a1');
    await expect(results[0]!.accepted && results[0]!.done).resolves.toBe('a1');
    expect(queue.enqueue(a, job('a5')).accepted).toBe(true);
    expect(queue.heldBy(a)).toBe(3);
  });

  it('refuses any job once the queue holds its most waiting jobs', () => {
    const queue = createFairQueue({ concurrency: 1, perMember: 3, maxWaiting: 2 });
    const { job } = createJobs();
    expect(queue.enqueue(key('T1', 'A'), job('running')).accepted).toBe(true);
    expect(queue.enqueue(key('T1', 'B'), job('waits 1')).accepted).toBe(true);
    expect(queue.enqueue(key('T1', 'C'), job('waits 2')).accepted).toBe(true);
    expect(queue.enqueue(key('T1', 'D'), job('refused'))).toEqual({ accepted: false, reason: 'queue', held: 2 });
  });

  it('goes on after a job that fails, or throws before its first await', async () => {
    const queue = createFairQueue({ concurrency: 1, perMember: 3, maxWaiting: 100 });
    const a = key('T1', 'A');
    const failed = queue.enqueue(a, async () => {
      throw new Error('query failed');
    });
    const thrown = queue.enqueue(a, (() => {
      throw new Error('thrown at once');
    }) as () => Promise<never>);
    const next = queue.enqueue(a, async () => 'answered');
    await expect(failed.accepted && failed.done).rejects.toThrow('query failed');
    await expect(thrown.accepted && thrown.done).rejects.toThrow('thrown at once');
    await expect(next.accepted && next.done).resolves.toBe('answered');
    expect(queue.heldBy(a)).toBe(0);
  });
});
