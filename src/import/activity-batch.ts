import { growArray } from '../util/arrays.ts';

/** What the batches of one file know of it: the apps seen, and whether its rows come grouped by app. */
interface FileOrder {
  apps: Set<number>;
  groupedByApp: boolean;
}

/**
 * Checked rows of activity.csv in columns, each (app, user id) numbered once: a batch of 200,000
 * rows makes no object per row, and its users come out grouped by app without another pass.
 *
 * While the file's rows come grouped by app (as exports usually are), a batch holds one app's
 * rows and is complete when the next app's first row comes: that row is carried over to the
 * next batch, which is read while this one is written. Once an app comes back, the file is not
 * grouped, and batches fill up to their size.
 */
export class ActivityBatch {
  private readonly order: FileOrder;
  /** The first row of the next app, read but not in this batch. */
  private carried: [appRef: number, programRef: number, userId: string, day: number, views: number] | null = null;

  constructor(previous?: ActivityBatch) {
    this.order = previous?.order ?? { apps: new Set(), groupedByApp: true };
    if (previous?.carried) this.add(...previous.carried);
  }

  get complete(): boolean {
    return this.carried !== null;
  }

  length = 0;
  appRefs = new Uint32Array(1024);
  programRefs = new Uint32Array(1024);
  /** Day numbers (see toDayNumber). */
  days = new Int32Array(1024);
  views = new Uint32Array(1024);
  /** Each row's user: an index into userIds and userApps. */
  users = new Uint32Array(1024);
  readonly userIds: string[] = [];
  readonly userApps: number[] = [];
  /** app → user id → user index */
  readonly usersByApp = new Map<number, Map<string, number>>();

  add(appRef: number, programRef: number, userId: string, day: number, views: number): void {
    const { order } = this;
    if (order.groupedByApp && this.length > 0 && appRef !== this.appRefs[this.length - 1]) {
      if (!order.apps.has(appRef)) {
        this.carried = [appRef, programRef, userId, day, views];
        return;
      }
      order.groupedByApp = false;
    }
    order.apps.add(appRef);
    if (this.length === this.appRefs.length) {
      [this.appRefs, this.programRefs, this.days, this.views, this.users] = [
        growArray(this.appRefs),
        growArray(this.programRefs),
        growArray(this.days),
        growArray(this.views),
        growArray(this.users),
      ];
    }
    let users = this.usersByApp.get(appRef);
    if (!users) {
      users = new Map();
      this.usersByApp.set(appRef, users);
    }
    let user = users.get(userId);
    if (user === undefined) {
      user = this.userIds.length;
      users.set(userId, user);
      this.userIds.push(userId);
      this.userApps.push(appRef);
    }
    const i = this.length++;
    this.appRefs[i] = appRef;
    this.programRefs[i] = programRef;
    this.days[i] = day;
    this.views[i] = views;
    this.users[i] = user;
  }

  /** Row positions grouped by user, each user's in file order: user u's are byUser[userStarts[u] .. userStarts[u + 1]). */
  byUser = new Uint32Array(0);
  userStarts = new Uint32Array(1);

  /** Groups the rows by user (a counting sort), once every row is added. */
  groupByUser(): this {
    const starts = new Uint32Array(this.userIds.length + 1);
    for (let i = 0; i < this.length; i++) starts[this.users[i]! + 1]!++;
    for (let u = 1; u < starts.length; u++) starts[u]! += starts[u - 1]!;
    const next = starts.slice(0, -1);
    const byUser = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) byUser[next[this.users[i]!]!++] = i;
    [this.byUser, this.userStarts] = [byUser, starts];
    return this;
  }
}
