import { openWorkbookWriter } from './open-workbook-writer.ts';
import type { TableSheet } from './types.ts';
import { writeTableSheet } from './write-table-sheet.ts';

/**
 * Streams a workbook of the sheets that `buildSheets` makes, in order, into `output`, and ends it.
 * Resolves once the output has finished; on any failure, building the sheets included, the output
 * is destroyed (as stream.pipeline does) and the error thrown.
 */
export async function writeWorkbook(buildSheets: () => readonly TableSheet[], output: NodeJS.WritableStream): Promise<void> {
  const session = openWorkbookWriter(output);
  try {
    for (const sheet of buildSheets()) await writeTableSheet(session, sheet);
    await session.commit();
  } catch (error) {
    session.abort(error);
    throw error;
  }
}
