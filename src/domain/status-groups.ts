import type { StatusCounts } from './types.ts';

export type StatusGroup = Exclude<keyof StatusCounts, 'all'>;

/** Every mini-program status the import contract knows, and the dashboard group it is counted in. */
export const STATUS_GROUPS: Readonly<Record<string, StatusGroup>> = {
  full_release: 'fullRelease',
  grayscale_release: 'grayscaleRelease',
  reviewing: 'reviewing',
  reviewed: 'reviewing',
  grayscale_cancelled: 'reviewing',
  pilot_testing: 'reviewing',
  pilot_testing_completed: 'reviewing',
  developing: 'developing',
  archived: 'inactive',
  offline: 'inactive',
};
