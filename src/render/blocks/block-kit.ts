/** Block Kit: its limits, and blocks and elements built within them. */
import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock, StaticSelect } from '@slack/types';
import { formatChange, formatCount } from '../text/format-text.ts';

/** A message as Slack takes it. */
export interface SlackMessage {
  /** Plain text for notifications and clients that cannot show blocks. */
  text: string;
  blocks: KnownBlock[];
}

/** Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  blockId: 255,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  messageText: 40_000,
} as const;

/** Cuts text to a limit (counting code points), ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: true } };
}

export function section(mrkdwn: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionText) } };
}

export function fields(items: string[]): SectionBlock {
  return { type: 'section', fields: items.slice(0, LIMITS.fields).map((text) => ({ type: 'mrkdwn', text: clip(text, LIMITS.fieldText) })) };
}

export function context(...items: string[]): ContextBlock {
  return { type: 'context', elements: items.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: clip(text, LIMITS.sectionText) })) };
}

export function actions(blockId: string, elements: (Button | StaticSelect)[]): ActionsBlock {
  return { type: 'actions', block_id: clip(blockId, LIMITS.blockId), elements: elements.slice(0, LIMITS.actionsElements) };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: value.slice(0, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

export function staticSelect(actionId: string, placeholder: string, options: { text: string; value: string }[], selected: string | null): StaticSelect {
  const choices = options
    .slice(0, LIMITS.selectOptions)
    .map((o) => ({ text: { type: 'plain_text' as const, text: clip(o.text, LIMITS.optionText), emoji: true }, value: o.value }));
  const initial = choices.find((o) => o.value === selected);
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: { type: 'plain_text', text: clip(placeholder, 150), emoji: true },
    options: choices,
    ...(initial ? { initial_option: initial } : {}),
  };
}

/** Keeps a message within the block limit, replacing what does not fit with a note. */
export function fitBlocks(blocks: KnownBlock[], note: (dropped: number) => string): KnownBlock[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  const kept = blocks.slice(0, LIMITS.blocks - 1);
  return [...kept, context(note(blocks.length - kept.length))];
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

/** A headline figure for a fields block: "*UV*\n12,345  ▲ 8.2%". */
export function buildFigureField(label: string, current: number, previous: number): string {
  return `*${label}*\n${formatCount(current)}  ${formatChange(current, previous)}`;
}
