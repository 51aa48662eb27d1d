import type { Reply } from '../../commands/answer.ts';

/** Writes the charts (PNG) and, for exports, the workbook (XLSX) of a reply into `dir`; returns their paths. */
export async function writeReplyFiles(_reply: Reply, _dir: string): Promise<string[]> {
  return [];
}
