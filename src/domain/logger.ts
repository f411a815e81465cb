/**
 * Logger port. Library code logs typed events with a scope; the composition root adapts this to
 * pino. Every message and field passes through the caller's redaction before it is emitted.
 */

/** Where an event happened. All fields optional; include what is known. */
export interface LogScope {
  readonly component?: string;
  readonly run?: string;
  readonly connection?: string;
  readonly company?: string;
  readonly object?: string;
  readonly record?: string;
}

/** Severity levels, ordered. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** One structured log event. */
export interface LogEvent {
  readonly level: LogLevel;
  /** Stable event name, e.g. `intacct.request`, `intacct.retry`. */
  readonly event: string;
  readonly message: string;
  readonly scope?: LogScope;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** Receives log events. */
export interface Logger {
  log(event: LogEvent): void;
}

/** A logger that drops everything (the default for library code). */
export const silentLogger: Logger = { log: () => undefined };

/** A logger that keeps events in memory (tests read `events`). */
export class MemoryLogger implements Logger {
  readonly events: LogEvent[] = [];
  log(event: LogEvent): void {
    this.events.push(event);
  }
}
