import { UserStateEditor } from './user-state-editor.ts';

/** What the upkeep remembers of a user in one app: enough to add later days without their history. */
export interface UserState {
  spans: Map<number, { first: number; last: number }>;
  /** category → page views so far */
  views: Map<number, number>;
  /** The preferred category's change points, oldest first. */
  preferences: { day: number; categoryRef: number }[];
}

const editor = new UserStateEditor();

/** A user's state as stored: a few dozen bytes (the format is described in UserStateEditor). */
export function encodeUserState(state: UserState): Buffer {
  editor.load(null);
  for (const [scope, { first, last }] of state.spans) editor.addSpan(scope, first, last);
  for (const [category, views] of state.views) editor.addViewTotal(category, views);
  for (const { day, categoryRef } of state.preferences) editor.pushPreference(day, categoryRef);
  return editor.encode();
}

export function decodeUserState(bytes: Uint8Array): UserState {
  editor.load(bytes);
  const state: UserState = { spans: new Map(), views: new Map(), preferences: [] };
  for (let i = 0; i < editor.spanCount; i++) state.spans.set(editor.spanScopes[i]!, { first: editor.spanFirsts[i]!, last: editor.spanLasts[i]! });
  for (let i = 0; i < editor.viewCount; i++) state.views.set(editor.viewCategories[i]!, editor.viewTotals[i]!);
  for (let i = 0; i < editor.preferenceCount; i++) state.preferences.push({ day: editor.preferenceDays[i]!, categoryRef: editor.preferenceCategories[i]! });
  return state;
}
