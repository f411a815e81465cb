import { AppError } from "../../domain/errors.js";

/**
 * Codes of {@link XmlCodecError}:
 * - `XML_MALFORMED`: not well-formed XML (line/column given);
 * - `XML_FORBIDDEN_DTD`: a DOCTYPE or entity declaration (always refused: no XXE, no entity expansion);
 * - `XML_TOO_LARGE`: over the size or depth limit;
 * - `ENVELOPE_INVALID`: well-formed XML that is not a valid request or response envelope.
 */
export type XmlCodecErrorCode = "XML_MALFORMED" | "XML_FORBIDDEN_DTD" | "XML_TOO_LARGE" | "ENVELOPE_INVALID";

/** A document the codec cannot accept. The sandbox turns it into an `XL03000003` control failure. */
export class XmlCodecError extends AppError<XmlCodecErrorCode> {
  /** 1-based line of the problem, when known. */
  readonly line: number | undefined;
  /** 1-based column of the problem, when known. */
  readonly column: number | undefined;

  constructor(
    code: XmlCodecErrorCode,
    message: string,
    options: { readonly line?: number; readonly column?: number; readonly cause?: unknown } = {},
  ) {
    super(code, message, { side: "user", cause: options.cause });
    this.line = options.line;
    this.column = options.column;
  }
}
