/**
 * Secret redaction. Secrets never reach logs, errors, snapshots or the repo (PRODUCT.md "Safe").
 *
 * Two layers: a {@link SecretRegistry} that knows the exact secret values in play (passwords,
 * session ids, tokens) and replaces them anywhere in a string, and element/key-based redaction
 * for XML and JSON (the official SDK redacts these XML elements; we add more).
 */

/** Replacement text for a redacted secret. */
export const REDACTED = "REDACTED";

/**
 * XML element names whose text is always redacted (case-insensitive). The official JS SDK's
 * `MessageFormatter` redacts the first eight; we add the rest.
 */
export const SECRET_XML_ELEMENTS: readonly string[] = [
  "password",
  "accountnumber",
  "cardnum",
  "ssn",
  "achaccountnumber",
  "wireaccountnumber",
  "taxid",
  "sessionid",
  "senderpassword",
  "userpassword",
];

const XML_SECRET_RE = new RegExp(
  `<(${SECRET_XML_ELEMENTS.join("|")})(\\s[^>]*)?>[\\s\\S]*?</\\1\\s*>`,
  "gi",
);

/** Replaces the text of secret XML elements (`<password>…</password>`) with `REDACTED`. */
export function redactXml(xml: string): string {
  return xml.replace(XML_SECRET_RE, (_m, name: string, attrs: string | undefined) => {
    return `<${name}${attrs ?? ""}>${REDACTED}</${name}>`;
  });
}

/** JSON/object keys whose values are always redacted (case-insensitive, substring match). */
export const SECRET_KEY_PATTERN = /pass(word)?|secret|token|sessionid|session_id|devkey|dev_key|apikey|api_key|authorization|cookie/i;

/** Deep-copies a JSON-like value, replacing values under secret-looking keys. */
export function redactObject(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactObject(v, depth + 1));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY_PATTERN.test(k) && v !== null && v !== undefined && v !== "" ? REDACTED : redactObject(v, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * The set of secret values known to a process (or a client). Strings passing through
 * {@link SecretRegistry.redact} lose every occurrence of every registered secret, raw or
 * XML-escaped. Secrets shorter than 4 characters are not registered (they would redact noise).
 *
 * @example
 * const secrets = new SecretRegistry();
 * secrets.add(password);
 * logger.info(secrets.redact(`login failed for ${password}`)); // "login failed for REDACTED"
 */
export class SecretRegistry {
  readonly #values = new Set<string>();

  /** Registers secret values; empty and very short values are ignored. */
  add(...values: ReadonlyArray<string | undefined>): void {
    for (const v of values) {
      if (v === undefined || v.length < 4) continue;
      this.#values.add(v);
      const escaped = escapeForXml(v);
      if (escaped !== v) this.#values.add(escaped);
      const encoded = encodeURIComponent(v);
      if (encoded !== v) this.#values.add(encoded);
    }
  }

  /** Number of distinct registered forms (for tests). */
  get size(): number {
    return this.#values.size;
  }

  /** Removes every registered secret (and secret XML elements) from `text`. */
  redact(text: string): string {
    let out = redactXml(text);
    // Longest first so a secret containing another is replaced whole.
    const values = [...this.#values].sort((a, b) => b.length - a.length);
    for (const v of values) {
      if (out.includes(v)) out = out.split(v).join(REDACTED);
    }
    return out;
  }
}

function escapeForXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
