import fs from 'node:fs';
import path from 'node:path';
import type { Reply } from '../domain/replies.ts';
import { renderChartFiles, renderWorkbookFiles } from '../reports/answers.ts';

/** Writes the charts (PNG) and workbooks (XLSX) of a statistics reply into `dir`; returns their paths. */
export async function writeReplyFiles(reply: Reply, dir: string): Promise<string[]> {
  if (reply.type !== 'stats') return [];
  const files = [...(await renderChartFiles(reply.answer)), ...(await renderWorkbookFiles(reply.answer))];
  fs.mkdirSync(dir, { recursive: true });
  return files.map((file) => {
    const target = path.join(dir, file.filename);
    fs.writeFileSync(target, file.content);
    return path.relative(process.cwd(), target) || target;
  });
}
