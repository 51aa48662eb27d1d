/**
 * The queue of the heavy work behind Slack acknowledgements (queries, charts, workbooks, uploads):
 * at most `concurrency` jobs at a time, taken round-robin across workspaces and, within a
 * workspace, across members; one member's jobs run one after the other, in the order they came.
 * So a member who sends a hundred exports delays nobody else by more than a job's turn, and no
 * one holds more than `perMember` places (running or waiting): beyond it a job is refused, not
 * queued. `maxWaiting` bounds the whole queue the same way.
 */
export interface FairQueueOptions {
  concurrency: number;
  /** Jobs one member may have running or waiting. */
  perMember: number;
  /** Jobs waiting in all, across members. */
  maxWaiting: number;
}

/** Whose job it is: the Slack team and the Slack user. */
export interface QueueKey {
  workspace: string;
  member: string;
}

export type Admission<T> =
  | { accepted: true; done: Promise<T> }
  /** `held`: the member's jobs running or waiting, or the jobs waiting in all when the queue is full. */
  | { accepted: false; reason: 'member' | 'queue'; held: number };

interface MemberLane {
  jobs: (() => void)[];
  running: boolean;
}

interface WorkspaceLane {
  members: Map<string, MemberLane>;
  /** Members with a job waiting and none running, in turn order. */
  ready: string[];
}

export function createFairQueue({ concurrency, perMember, maxWaiting }: FairQueueOptions) {
  const workspaces = new Map<string, WorkspaceLane>();
  /** Workspaces with a ready member, in turn order; each at most once. */
  const turns: string[] = [];
  let running = 0;
  let waiting = 0;

  const markReady = (workspaceKey: string, lane: WorkspaceLane, memberKey: string) => {
    lane.ready.push(memberKey);
    if (lane.ready.length === 1) turns.push(workspaceKey);
  };

  const startNext = () => {
    while (running < concurrency && turns.length > 0) {
      const workspaceKey = turns.shift()!;
      const lane = workspaces.get(workspaceKey)!;
      const memberKey = lane.ready.shift()!;
      // The workspace goes to the back of the line if it has another member ready.
      if (lane.ready.length > 0) turns.push(workspaceKey);
      const member = lane.members.get(memberKey)!;
      const start = member.jobs.shift()!;
      member.running = true;
      running++;
      waiting--;
      start();
    }
  };

  const finish = (workspaceKey: string, memberKey: string) => {
    running--;
    const lane = workspaces.get(workspaceKey)!;
    const member = lane.members.get(memberKey)!;
    member.running = false;
    if (member.jobs.length > 0) markReady(workspaceKey, lane, memberKey);
    else {
      lane.members.delete(memberKey);
      if (lane.members.size === 0) workspaces.delete(workspaceKey);
    }
    startNext();
  };

  return {
    /** Queues `job` for its member, or refuses it when the member (or the queue) holds too many. */
    enqueue<T>(key: QueueKey, job: () => Promise<T>): Admission<T> {
      const lane = workspaces.get(key.workspace) ?? { members: new Map<string, MemberLane>(), ready: [] };
      const member = lane.members.get(key.member) ?? { jobs: [], running: false };
      const held = member.jobs.length + (member.running ? 1 : 0);
      if (held >= perMember) return { accepted: false, reason: 'member', held };
      if (waiting >= maxWaiting) return { accepted: false, reason: 'queue', held: waiting };
      workspaces.set(key.workspace, lane);
      lane.members.set(key.member, member);
      const done = new Promise<T>((resolve, reject) => {
        member.jobs.push(() => {
          let result: Promise<T>;
          try {
            result = job();
          } catch (error) {
            // A job that throws before its first await is a failed job too, not a broken queue.
            result = Promise.reject(error);
          }
          result.then(resolve, reject).finally(() => finish(key.workspace, key.member));
        });
      });
      waiting++;
      if (member.jobs.length === 1 && !member.running) markReady(key.workspace, lane, key.member);
      startNext();
      return { accepted: true, done };
    },
    /** The jobs a member has running or waiting. */
    heldBy(key: QueueKey): number {
      const member = workspaces.get(key.workspace)?.members.get(key.member);
      return member ? member.jobs.length + (member.running ? 1 : 0) : 0;
    },
    get running(): number {
      return running;
    },
    get waiting(): number {
      return waiting;
    },
  };
}

export type FairQueue = ReturnType<typeof createFairQueue>;
