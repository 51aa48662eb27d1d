import { buildWorkingNotice } from './messages.ts';

/**
 * The acknowledgement the HTTP front sends by itself, before Bolt or any query sees the request:
 * for slash commands the working note, for block actions an empty 200. Undefined for anything
 * else (events, URL verification), which Bolt answers.
 */
export function buildQuickAck(body: Record<string, unknown>): object | undefined {
  if (typeof body.command === 'string' && typeof body.text === 'string') return buildWorkingNotice(body.command, body.text);
  if ((body as { type?: string }).type === 'block_actions') return {};
  return undefined;
}
