import type { EnvOptions } from '../config/read-env-options.ts';
import type { Io } from './main.ts';

/** `serve`: the Slack app. */
export async function runServe(_options: EnvOptions, io: Io): Promise<number> {
  io.err('serve: the Slack app is not part of this build yet.');
  return 1;
}
