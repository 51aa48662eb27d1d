import type { UserState } from './append-user-days.ts';

/** Reused between calls: a state is encoded here, then copied out at its exact size. */
let scratch = new Uint8Array(256);
let length = 0;

/**
 * A user's state in one app as a few dozen bytes (one row per user instead of a row per scope,
 * category and preference change): unsigned LEB128 varints, days as differences.
 *   spans:       count, then per scope: scope, first day, last − first
 *   views:       count, then per category: category, page views
 *   preferences: count, then per change point: day − previous day, category
 */
export function encodeUserState(state: UserState): Buffer {
  length = 0;
  put(state.spans.size);
  for (const [scope, { first, last }] of state.spans) {
    put(scope);
    put(first);
    put(last - first);
  }
  put(state.views.size);
  for (const [category, views] of state.views) {
    put(category);
    put(views);
  }
  put(state.preferences.length);
  let previous = 0;
  for (const { day, categoryRef } of state.preferences) {
    put(day - previous);
    put(categoryRef);
    previous = day;
  }
  return Buffer.from(scratch.subarray(0, length));
}

function put(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`user state value out of range: ${value}`);
  if (length + 8 > scratch.length) {
    const grown = new Uint8Array(scratch.length * 2);
    grown.set(scratch);
    scratch = grown;
  }
  while (value >= 0x80) {
    scratch[length++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  scratch[length++] = value;
}

export function decodeUserState(bytes: Uint8Array): UserState {
  let at = 0;
  const next = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length) throw new RangeError('user state is truncated');
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  const state: UserState = { spans: new Map(), views: new Map(), preferences: [] };
  for (let n = next(); n > 0; n--) {
    const scope = next();
    const first = next();
    state.spans.set(scope, { first, last: first + next() });
  }
  for (let n = next(); n > 0; n--) {
    const category = next();
    state.views.set(category, next());
  }
  let day = 0;
  for (let n = next(); n > 0; n--) {
    day += next();
    state.preferences.push({ day, categoryRef: next() });
  }
  if (at !== bytes.length) throw new RangeError('user state has trailing bytes');
  return state;
}
