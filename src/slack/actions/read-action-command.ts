import type { BlockAction } from '@slack/bolt';
import { formatCategoryWord, isCategoryOption, quoteWord } from '../../query/command-words.ts';
import { tokenizeCommand } from '../../query/tokenize-command.ts';
import { ALL_CATEGORIES, COMMAND_BLOCK_PREFIX } from '../../render/blocks/answer-controls.ts';

/**
 * The command a click asks for: a button carries it in its value; the category menu carries the
 * current command in its block id and the chosen category in the option.
 */
export function readActionCommand(body: BlockAction): string | null {
  const action = body.actions[0];
  if (!action) return null;
  if (action.type === 'button') return action.value ?? null;
  if (action.type === 'static_select' && action.block_id.startsWith(COMMAND_BLOCK_PREFIX)) {
    const current = action.block_id.slice(COMMAND_BLOCK_PREFIX.length);
    const chosen = action.selected_option?.value;
    if (chosen === undefined) return null;
    const kept = tokenizeCommand(current)
      .filter((t) => !isCategoryOption(t.text))
      .map((t) => (t.quoted ? quoteWord(t.text) : t.text));
    if (chosen !== ALL_CATEGORIES) kept.push(formatCategoryWord(chosen));
    return kept.join(' ');
  }
  return null;
}
