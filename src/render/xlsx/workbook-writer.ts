import type { EventEmitter } from 'node:events';
import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue } from './cells.ts';

/** A workbook being streamed into an output by exceljs's WorkbookWriter. */
export interface WorkbookSession {
  readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  /**
   * The shared style object for a number format (undefined: none) and weight. One object per
   * combination: exceljs caches style ids by object identity, which makes styled rows cheap.
   */
  style(numFmt: string | undefined, bold?: boolean): Partial<ExcelJS.Style>;
  /** Throws the first error the output or the zip writer reported, if any. */
  throwIfFailed(): void;
  /** Resolves when `promise` does, or rejects as soon as the output or the zip writer fails. */
  unlessFailed<T>(promise: Promise<T>): Promise<T>;
  /** Commits every sheet and the workbook; resolves when the output has finished. */
  commit(): Promise<void>;
  /** Gives up: detaches from the output and destroys it with `error` (as stream.pipeline does). */
  abort(error: unknown): void;
}

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

/** One empty style for every row: exceljs looks up each row's own style too (see below). */
const ROW_STYLE: Partial<ExcelJS.Style> = Object.freeze({});

/**
 * Appends a row to a streamed worksheet and commits it, so that exceljs turns it into XML now and
 * forgets it (an uncommitted row stays in memory until the sheet is committed).
 *
 * Each cell gets the style object given for its column. Those objects are shared between rows on
 * purpose: exceljs remembers a style's id by object identity; a fresh object per cell (what
 * column styles give) makes it serialize and look up the style again for every cell, which
 * more than doubled the time of a large export.
 */
export function addStyledRow(worksheet: ExcelJS.Worksheet, values: readonly CellValue[], styles: readonly (Partial<ExcelJS.Style> | undefined)[]): void {
  const row = worksheet.addRow(values);
  (row as unknown as { style: Partial<ExcelJS.Style> }).style = ROW_STYLE;
  for (let i = 0; i < values.length; i++) {
    const style = styles[i];
    if (style !== undefined && values[i] !== null) row.getCell(i + 1).style = style;
  }
  row.commit();
}

/** The PassThrough that archiver (via archiver-utils' normalizeInputSource) puts behind a sheet's stream. */
interface SheetPipe {
  _writableState?: { needDrain?: boolean };
  once(event: 'drain', listener: () => void): unknown;
}

/** exceljs 4.4's WorksheetWriter keeps its XML stream (a StreamBuf) in `stream`, its consumers in `pipes`. */
interface WorksheetWriterInternals {
  stream?: { pipes?: unknown[] };
}

export interface SheetBackpressure {
  /** True while the zip writer has more of this sheet's XML queued than it wants. */
  readonly pending: boolean;
  /** Resolves when the queued XML has been taken by the zip writer. */
  drain(): Promise<void>;
}

/**
 * Lets a loop writing a streamed worksheet wait for the zip writer.
 *
 * Why this is needed: exceljs's WorksheetWriter writes each committed row's XML into a StreamBuf,
 * which forwards it, 64 KiB at a time, to a PassThrough that archiver reads when it compresses the
 * entry. StreamBuf ignores that PassThrough's `write()` result, and nothing tells the caller to
 * slow down, so a loop that adds rows faster than deflate and the output take them (any loop that
 * does not wait) queues the whole sheet's XML in memory: over 300 MB for 1M rows of 6 columns.
 * Waiting for the PassThrough's 'drain' whenever it asks for it bounds that queue to a few chunks,
 * and because archiver is piped into the output, a slow output slows the loop down too.
 *
 * Returns undefined when exceljs's internals are not as expected (another exceljs version).
 */
export function watchSheetBackpressure(worksheet: ExcelJS.Worksheet): SheetBackpressure | undefined {
  const pipes = (worksheet as unknown as WorksheetWriterInternals).stream?.pipes;
  const pipe = pipes?.length === 1 ? (pipes[0] as SheetPipe) : undefined;
  const state = pipe?._writableState;
  if (!pipe || !state || typeof state.needDrain !== 'boolean' || typeof pipe.once !== 'function') return undefined;
  return {
    get pending() {
      return state.needDrain === true;
    },
    drain() {
      if (state.needDrain !== true) return Promise.resolve();
      return new Promise((resolve) => {
        pipe.once('drain', resolve);
      });
    },
  };
}
