import type { UserState } from './append-user-days.ts';
import { fromDayNumber } from './day-numbers.ts';

/** The per-user rows (user_scopes, user_category_views, user_preferences) that let a new day be added without reading history. */
export function buildUserStateRows(appRef: number, userRef: number, contribution: UserState) {
  return {
    scopes: [...contribution.spans].map(([scope, span]) => ({ app_ref: appRef, scope_ref: scope, user_ref: userRef, first_day: fromDayNumber(span.first), last_day: fromDayNumber(span.last) })),
    views: [...contribution.views].map(([category, views]) => ({ app_ref: appRef, user_ref: userRef, category_ref: category, views })),
    preferences: contribution.preferences.map((p) => ({ app_ref: appRef, user_ref: userRef, day: fromDayNumber(p.day), category_ref: p.categoryRef })),
  };
}
