/** The errors whose messages are written for the person who caused them: shown as they are, never with a stack trace. */

/**
 * Something the person typed (or asked for) that cannot be answered. Its message is shown to
 * them as is: it says what was wrong and what would work.
 */
export class InputError extends Error {
  override name = 'InputError';
}

/** A refusal: the caller may not see this, or could not be identified. The message says why and what to do. */
export class AccessError extends Error {
  override name = 'AccessError';
}

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

/** A configuration problem the operator must fix; its message says how. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
