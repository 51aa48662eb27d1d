/** A rejected import: names the file, the line (1 = header) and what is wrong with it. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(line === null ? `${file}: ${reason}` : `${file} line ${line}: ${reason}`);
  }
}

/** A problem with one row, before the file and line are known. */
export class RowError extends Error {
  override name = 'RowError';
  /** When thrown while writing a batch: the index of the bad row in that batch. */
  constructor(
    message: string,
    readonly batchIndex?: number,
  ) {
    super(message);
  }
}
