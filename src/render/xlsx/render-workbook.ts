import { Writable } from 'node:stream';
import type { WorkbookDataByKind, WorkbookKind } from './types.ts';
import { writeAppWorkbook } from './write-app-workbook.ts';
import { writeAppsWorkbook } from './write-apps-workbook.ts';
import { writeBreakdownWorkbook } from './write-breakdown-workbook.ts';
import { writeMerchantsWorkbook } from './write-merchants-workbook.ts';

type Writer<K extends WorkbookKind> = (data: WorkbookDataByKind[K], output: NodeJS.WritableStream) => Promise<void>;

const WRITERS: { [K in WorkbookKind]: Writer<K> } = {
  merchants: writeMerchantsWorkbook,
  apps: writeAppsWorkbook,
  app: writeAppWorkbook,
  breakdown: writeBreakdownWorkbook,
};

/**
 * The workbook of an answer (`export merchants|apps|app|breakdown`) as a Buffer, e.g. to upload to
 * Slack. Meant for these small workbooks; a large export should stream to a file instead.
 */
export async function renderWorkbook<K extends WorkbookKind>(kind: K, data: WorkbookDataByKind[K]): Promise<Buffer> {
  if (!Object.hasOwn(WRITERS, kind)) throw new RangeError(`No workbook of kind ${JSON.stringify(kind)}`);
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const write: Writer<K> = WRITERS[kind];
  await write(data, output);
  return Buffer.concat(chunks);
}
