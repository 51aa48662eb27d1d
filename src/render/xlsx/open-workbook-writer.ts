import type { EventEmitter } from 'node:events';
import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import type { WorkbookSession } from './types.ts';

/** The parts of exceljs 4.4's WorkbookWriter that it does not declare: its archiver instance. */
interface WorkbookWriterInternals {
  zip?: EventEmitter & { unpipe(destination?: NodeJS.WritableStream): unknown };
}

const BASE_FONT = { name: 'Calibri', size: 11, family: 2 } as const;

/**
 * Starts a workbook streamed into `output` with exceljs's WorkbookWriter: no shared strings (they
 * would be held in memory until the end), styles on (number formats need them).
 *
 * Errors of the output or of the zip writer are caught from the start (exceljs listens for them
 * only while finalizing, so an early one would otherwise crash the process) and fail the session.
 */
export function openWorkbookWriter(output: NodeJS.WritableStream): WorkbookSession {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output as unknown as Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'miniapp-stats';
  workbook.lastModifiedBy = 'miniapp-stats';
  const zip = (workbook as unknown as WorkbookWriterInternals).zip;

  let failure: { error: unknown } | undefined;
  let rejectFailed: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_resolve, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => {}); // observed through throwIfFailed / unlessFailed
  const onError = (error: unknown): void => {
    if (failure) return;
    failure = { error };
    rejectFailed(error);
  };
  // Left attached once done: a late error of a finished output must not become an uncaught exception.
  output.on('error', onError);
  zip?.on('error', onError);

  const styles = new Map<string, Partial<ExcelJS.Style>>();

  const session: WorkbookSession = {
    workbook,
    style(numFmt, bold = false) {
      const key = `${bold ? 'b' : 'n'}|${numFmt ?? ''}`;
      let style = styles.get(key);
      if (!style) {
        style = {};
        if (numFmt !== undefined) style.numFmt = numFmt;
        if (bold) style.font = { ...BASE_FONT, bold: true };
        styles.set(key, style);
      }
      return style;
    },
    throwIfFailed() {
      if (failure) throw failure.error;
    },
    unlessFailed(promise) {
      return Promise.race([promise, failed]);
    },
    async commit() {
      session.throwIfFailed();
      await session.unlessFailed(workbook.commit());
    },
    abort(error) {
      onError(error);
      zip?.unpipe(output);
      const destroyable = output as NodeJS.WritableStream & { destroy?: (error?: Error) => void; destroyed?: boolean };
      if (typeof destroyable.destroy === 'function' && !destroyable.destroyed) {
        destroyable.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
  return session;
}
