/**
 * Slack escapes &, < and > in command text and may wrap links; the command grammar wants the
 * text as typed. Channel and user mentions (<#C123|name>, <@U123>) are kept for `digest add`.
 */
export function decodeSlackText(text: string): string {
  return text
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:\/\/[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
