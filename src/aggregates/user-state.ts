import { growArray } from '../util/arrays.ts';
import type { AggregateChanges } from './aggregate-changes.ts';
import { WINDOWS } from './user-contribution.ts';

/** What the upkeep remembers of a user in one app: enough to add later days without their history. */
export interface UserState {
  spans: Map<number, { first: number; last: number }>;
  /** category → page views so far */
  views: Map<number, number>;
  /** The preferred category's change points, oldest first. */
  preferences: { day: number; categoryRef: number }[];
}

/**
 * One user's upkeep state, decoded into reusable arrays, so that an import adds a day to
 * hundreds of thousands of users without making objects for each: load the stored bytes, append
 * the new rows (summing the aggregate changes they make), encode the bytes to store.
 *
 * The bytes: unsigned LEB128 varints, days as differences, a few dozen bytes for a typical user.
 *   spans:       count, then per scope: scope, first day, last − first
 *   views:       count, then per category: category, page views
 *   preferences: count, then per change point: day − previous day, category
 * Scope 0 is the whole app, other scopes are categories; the preferences are the days the
 * preferred category (most page views so far; ties: the name sorting first) changed, oldest first.
 */
export class UserStateEditor {
  spanCount = 0;
  spanScopes = new Float64Array(16);
  spanFirsts = new Float64Array(16);
  spanLasts = new Float64Array(16);
  viewCount = 0;
  viewCategories = new Float64Array(16);
  viewTotals = new Float64Array(16);
  preferenceCount = 0;
  preferenceDays = new Float64Array(16);
  preferenceCategories = new Float64Array(16);
  private readonly reader = new VarintReader();
  private readonly writer = new VarintWriter();

  /** Loads stored bytes; null is the state of a user with no activity yet. */
  load(bytes: Uint8Array | null): this {
    this.spanCount = this.viewCount = this.preferenceCount = 0;
    if (bytes === null) return this;
    const { reader } = this;
    reader.start(bytes);
    for (let n = reader.next(); n > 0; n--) {
      const scope = reader.next();
      const first = reader.next();
      this.addSpan(scope, first, first + reader.next());
    }
    for (let n = reader.next(); n > 0; n--) {
      const category = reader.next();
      this.addViewTotal(category, reader.next());
    }
    let day = 0;
    for (let n = reader.next(); n > 0; n--) {
      day += reader.next();
      this.pushPreference(day, reader.next());
    }
    reader.end();
    return this;
  }

  /** Loads a state given as maps (e.g. a user's whole contribution), to encode it. */
  loadState(state: UserState): this {
    this.load(null);
    for (const [scope, { first, last }] of state.spans) this.addSpan(scope, first, last);
    for (const [category, views] of state.views) this.addViewTotal(category, views);
    for (const { day, categoryRef } of state.preferences) this.pushPreference(day, categoryRef);
    return this;
  }

  /** The loaded state as maps. */
  toState(): UserState {
    const state: UserState = { spans: new Map(), views: new Map(), preferences: [] };
    for (let i = 0; i < this.spanCount; i++) state.spans.set(this.spanScopes[i]!, { first: this.spanFirsts[i]!, last: this.spanLasts[i]! });
    for (let i = 0; i < this.viewCount; i++) state.views.set(this.viewCategories[i]!, this.viewTotals[i]!);
    for (let i = 0; i < this.preferenceCount; i++) state.preferences.push({ day: this.preferenceDays[i]!, categoryRef: this.preferenceCategories[i]! });
    return state;
  }

  /** The bytes to store, of their own (not shared with the next state encoded). */
  encode(): Buffer {
    const { writer } = this;
    writer.start();
    writer.put(this.spanCount);
    for (let i = 0; i < this.spanCount; i++) {
      writer.put(this.spanScopes[i]!);
      writer.put(this.spanFirsts[i]!);
      writer.put(this.spanLasts[i]! - this.spanFirsts[i]!);
    }
    writer.put(this.viewCount);
    for (let i = 0; i < this.viewCount; i++) {
      writer.put(this.viewCategories[i]!);
      writer.put(this.viewTotals[i]!);
    }
    writer.put(this.preferenceCount);
    let previous = 0;
    for (let i = 0; i < this.preferenceCount; i++) {
      writer.put(this.preferenceDays[i]! - previous);
      writer.put(this.preferenceCategories[i]!);
      previous = this.preferenceDays[i]!;
    }
    return writer.bytes();
  }

  /** The user's last active day in the app, or undefined before any activity. */
  lastDay(): number | undefined {
    const at = this.spanOf(0);
    return at < 0 ? undefined : this.spanLasts[at];
  }

  /**
   * Adds a user's new page views to the aggregates from the state alone, and updates the state.
   * The rows (day, category, change in page views) are `days[from..to)` etc., sorted by day; a
   * day may come in several rows and may be the user's last active day (more or changed page
   * views), but none may come before it (`lastDay()`): nothing before the last day changes, so a
   * scope's windows change only from its last day on, and the preference timeline only after its
   * last point. `onFirstDay` hears of each scope the user is new to, for its first-day count,
   * which needs the user's source.
   */
  append(
    changes: AggregateChanges,
    rows: { days: ArrayLike<number>; categories: ArrayLike<number>; views: ArrayLike<number> },
    from: number,
    to: number,
    rank: (categoryRef: number) => number,
    onFirstDay: (scope: number, day: number) => void,
  ): void {
    const { days, categories, views } = rows;
    for (let start = from; start < to; ) {
      const day = days[start]!;
      let end = start;
      let total = 0;
      for (; end < to && days[end] === day; end++) total += views[end]!;
      this.addScopeDay(changes, 0, day, total, onFirstDay);
      for (let i = start; i < end; i++) {
        const category = categories[i]!;
        let seen = false;
        for (let j = start; j < i && !seen; j++) seen = categories[j] === category;
        if (seen) continue;
        let sum = 0;
        for (let j = i; j < end; j++) if (categories[j] === category) sum += views[j]!;
        this.addScopeDay(changes, category, day, sum, onFirstDay);
      }
      for (let i = start; i < end; i++) this.addViewTotal(categories[i]!, views[i]!);
      this.updatePreference(changes, day, rank);
      start = end;
    }
  }

  /** One scope's page views on a day: a day after the scope's last is new to it (UV and windows). */
  private addScopeDay(changes: AggregateChanges, scope: number, day: number, views: number, onFirstDay: (scope: number, day: number) => void): void {
    const at = this.spanOf(scope);
    if (at >= 0 && day <= this.spanLasts[at]!) {
      changes.addDay(scope, day, 0, views);
      return;
    }
    changes.addDay(scope, day, 1, views);
    // Active on `day`, the user counts in the windows ending on day … day+size−1; those that
    // already counted them (ending up to last+size−1) stay as they were.
    for (const size of WINDOWS) changes.addRun(scope, size, at < 0 ? day : Math.max(day, this.spanLasts[at]! + size), day + size - 1, 1);
    if (at >= 0) {
      this.spanLasts[at] = day;
    } else {
      this.addSpan(scope, day, day);
      onFirstDay(scope, day);
    }
  }

  private updatePreference(changes: AggregateChanges, day: number, rank: (categoryRef: number) => number): void {
    let preferred = -1;
    let preferredViews = -1;
    for (let i = 0; i < this.viewCount; i++) {
      const category = this.viewCategories[i]!;
      const views = this.viewTotals[i]!;
      if (views > preferredViews || (views === preferredViews && rank(category) < rank(preferred))) {
        preferred = category;
        preferredViews = views;
      }
    }
    const last = this.preferenceCount - 1;
    const current = last >= 0 ? this.preferenceCategories[last]! : -1;
    if (current === preferred) return;
    if (last >= 0) changes.addPreference(day, current, -1);
    changes.addPreference(day, preferred, 1);
    if (last >= 0 && this.preferenceDays[last] === day) {
      // The last change point was this same day: it now points elsewhere, or disappears.
      if (last >= 1 && this.preferenceCategories[last - 1] === preferred) this.preferenceCount--;
      else this.preferenceCategories[last] = preferred;
    } else {
      this.pushPreference(day, preferred);
    }
  }

  private spanOf(scope: number): number {
    for (let i = 0; i < this.spanCount; i++) if (this.spanScopes[i] === scope) return i;
    return -1;
  }

  addSpan(scope: number, first: number, last: number): void {
    if (this.spanCount === this.spanScopes.length)
      [this.spanScopes, this.spanFirsts, this.spanLasts] = [growArray(this.spanScopes), growArray(this.spanFirsts), growArray(this.spanLasts)];
    this.spanScopes[this.spanCount] = scope;
    this.spanFirsts[this.spanCount] = first;
    this.spanLasts[this.spanCount++] = last;
  }

  /** Adds page views to a category's total (a category seen for the first time is added). */
  addViewTotal(category: number, views: number): void {
    for (let i = 0; i < this.viewCount; i++) {
      if (this.viewCategories[i] === category) {
        this.viewTotals[i]! += views;
        return;
      }
    }
    if (this.viewCount === this.viewCategories.length) [this.viewCategories, this.viewTotals] = [growArray(this.viewCategories), growArray(this.viewTotals)];
    this.viewCategories[this.viewCount] = category;
    this.viewTotals[this.viewCount++] = views;
  }

  pushPreference(day: number, category: number): void {
    if (this.preferenceCount === this.preferenceDays.length)
      [this.preferenceDays, this.preferenceCategories] = [growArray(this.preferenceDays), growArray(this.preferenceCategories)];
    this.preferenceDays[this.preferenceCount] = day;
    this.preferenceCategories[this.preferenceCount++] = category;
  }
}

/** Varints into one reused buffer, copied out at their exact size. */
class VarintWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  start(): void {
    this.length = 0;
  }

  put(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`user state value out of range: ${value}`);
    if (this.length + 8 > this.buffer.length) this.buffer = growArray(this.buffer);
    while (value >= 0x80) {
      this.buffer[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buffer[this.length++] = value;
  }

  bytes(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

class VarintReader {
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;

  start(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.at = 0;
  }

  next(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.bytes.length) throw new RangeError('user state is truncated');
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }

  end(): void {
    if (this.at !== this.bytes.length) throw new RangeError('user state has trailing bytes');
  }
}
