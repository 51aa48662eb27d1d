/**
 * The part of pino's logger the installation modules use. What they log names installations
 * (team and enterprise ids), error codes and times: never a token, a secret or a sealed value.
 */
export interface InstallationLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
