/**
 * Captures every log event and every error a test run produces, so a test can assert that no
 * password or session id ever appears in them (issue 2 "must show").
 */
import type { LogEvent, Logger } from "../../domain/logger.js";
import { resolveCredentials, type ResolvedCredentials } from "../credentials.js";
import type { FakeGateway } from "./fake-gateway.js";

/** Collector of log lines and error texts. */
export class SecretCapture implements Logger {
  readonly events: LogEvent[] = [];
  readonly errors: string[] = [];

  log(event: LogEvent): void {
    this.events.push(event);
  }

  /** Records an error (message, stack, structured fields and causes) and returns it. */
  error<T>(e: T): T {
    this.errors.push(describe(e, 0));
    return e;
  }

  /** Runs `fn`, capturing its rejection (rethrown). */
  async catching<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.error(e);
    }
  }

  /** Every captured text, one string per event or error. */
  texts(): string[] {
    return [...this.events.map((e) => JSON.stringify(e)), ...this.errors];
  }

  /** The secrets found in any captured text (empty = clean). */
  leaks(secrets: readonly string[]): string[] {
    const found = new Set<string>();
    for (const t of this.texts()) for (const s of secrets) if (s !== "" && t.includes(s)) found.add(s);
    return [...found];
  }
}

function describe(e: unknown, depth: number): string {
  if (depth > 4) return "";
  if (e instanceof Error) {
    let fields = "";
    try {
      fields = JSON.stringify({ ...e });
    } catch {
      fields = "";
    }
    return [e.name, e.message, e.stack ?? "", fields, describe((e as { cause?: unknown }).cause, depth + 1)].join("\n");
  }
  if (e === undefined) return "";
  try {
    return JSON.stringify(e);
  } catch {
    return "[unserialisable]";
  }
}

/** Credentials matching a fake gateway (its defaults), loopback endpoint allowed. */
export function fakeCredentials(gw: FakeGateway, overrides: { readonly entityId?: string; readonly userPassword?: string; readonly senderPassword?: string } = {}): ResolvedCredentials {
  return resolveCredentials({
    senderId: "fake_sender",
    senderPassword: overrides.senderPassword ?? "S3nder-Pa55word!",
    companyId: "FAKE-CO",
    userId: "xml_sync",
    userPassword: overrides.userPassword ?? "Us3r-Pa55word!",
    endpointUrl: gw.url,
    allowNonIntacctEndpoint: true,
    ...(overrides.entityId === undefined ? {} : { entityId: overrides.entityId }),
  });
}

/** The passwords the fake gateway and {@link fakeCredentials} use. */
export const FAKE_PASSWORDS: readonly string[] = ["S3nder-Pa55word!", "Us3r-Pa55word!"];
