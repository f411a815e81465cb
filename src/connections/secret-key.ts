/**
 * The key that encrypts stored passwords: `INTACCT_SYNC_SECRET_KEY` (base64 or hex, 32 bytes) or a
 * key file created on first run next to the database with mode 0600.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { decodeSecretKey, type SecretKeySource } from "../config/resolved-config.js";
import { ConnectionError } from "./connection-error.js";

/** Result of {@link loadSecretKey}. */
export interface LoadedSecretKey {
  /** 32 bytes for AES-256-GCM. */
  readonly key: Buffer;
  /** True when this call generated the key file. */
  readonly created: boolean;
  /** Where it came from, for messages (never the key itself). */
  readonly origin: string;
}

/**
 * Loads the key, creating the key file atomically (`wx`, mode 0600) when missing. A key file
 * readable by group or others is refused: anyone who can read it can read every stored password.
 *
 * @example
 * const { key } = loadSecretKey(config.secretKey);
 */
export function loadSecretKey(source: SecretKeySource): LoadedSecretKey {
  if (source.kind === "env") {
    const key = decodeSecretKey(source.value);
    if (key === undefined) throw new ConnectionError("SECRET_KEY_INVALID", "INTACCT_SYNC_SECRET_KEY must be 32 bytes, base64 or hex.");
    return { key, created: false, origin: "INTACCT_SYNC_SECRET_KEY" };
  }
  const file = source.path;
  let created = false;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
    created = true;
  } catch (e) {
    // EEXIST: it was there already (or a concurrent first run made it); read it below.
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new ConnectionError("SECRET_KEY_INVALID", `Cannot create the key file ${file}: ${(e as Error).message}`, { cause: e });
    }
  }
  const stat = fs.statSync(file);
  if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
    throw new ConnectionError(
      "SECRET_KEY_INVALID",
      `The key file ${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run: chmod 600 ${file}`,
    );
  }
  const key = decodeSecretKey(fs.readFileSync(file, "utf8"));
  if (key === undefined) throw new ConnectionError("SECRET_KEY_INVALID", `The key file ${file} does not hold a 32-byte base64 or hex key.`);
  return { key, created, origin: file };
}
