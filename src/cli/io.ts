/** Where a command of the command line writes: its answer (standard output) and its messages (standard error). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
