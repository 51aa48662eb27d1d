import type ExcelJS from 'exceljs';

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
