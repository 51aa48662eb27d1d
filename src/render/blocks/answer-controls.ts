/** The buttons and menus that refine an answer: each carries the command text it asks for. */
import type { ActionsBlock, Button } from '@slack/types';
import { CONTROL_LABELS } from '../../domain/labels.ts';
import { actions, button, LIMITS, staticSelect } from './block-kit.ts';

/** The action ids of the controls (a control's own id is the prefix, `_`, and its value). */
export const ACTION = {
  period: 'miniapp_period',
  sort: 'miniapp_sort',
  metric: 'miniapp_metric',
  category: 'miniapp_category',
  exportExcel: 'miniapp_export',
} as const;

/** The block id of the category menu carries the current command (menus have no value of their own). */
export const COMMAND_BLOCK_PREFIX = 'cmd:';
export const ALL_CATEGORIES = '*';

/** A button of a choice (period, sort, metric): highlighted when it is the current one. */
export function buildChoiceButton(text: string, actionId: string, command: string, current: boolean): Button {
  return button(text, actionId, command, current ? 'primary' : undefined);
}

/** "Download Excel": asks the same command as an export. */
export function buildExportButton(command: string): Button {
  return button(CONTROL_LABELS.downloadExcel, ACTION.exportExcel, command);
}

/**
 * The category menu: "All categories" and the app's categories; the block id carries the current
 * command. Null when it cannot carry it (too long for a block id) or there is nothing to choose.
 */
export function buildCategoryMenu(command: string, categories: readonly string[], selected: string | null): ActionsBlock | null {
  const menuCategories = categories.filter((c) => c.length <= LIMITS.optionValue);
  if (COMMAND_BLOCK_PREFIX.length + command.length > LIMITS.blockId || menuCategories.length === 0) return null;
  const options = [{ text: CONTROL_LABELS.allCategories, value: ALL_CATEGORIES }, ...menuCategories.map((c) => ({ text: c, value: c }))];
  return actions(`${COMMAND_BLOCK_PREFIX}${command}`, [staticSelect(ACTION.category, CONTROL_LABELS.category, options, selected ?? ALL_CATEGORIES)]);
}
