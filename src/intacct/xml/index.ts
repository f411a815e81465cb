/**
 * The Intacct XML codec: pure build and parse of request and response envelopes.
 * Shared by the client and the Intacct sandbox; nothing here does I/O.
 */
export type * from "./types.js";
export { XmlCodecError, type XmlCodecErrorCode } from "./xml-codec-error.js";
export { parseXml, type ParseXmlOptions, XML_LIMITS } from "./xml-parse.js";
export { el, escapeAttr, escapeText, writeXml, type XmlNodeInput } from "./xml-write.js";
export { childElement, childElements, childText, elementToRecord, recordToElement } from "./xml-tree.js";
export { decodeRequest, encodeRequest } from "./request-codec.js";
export { decodeResponse, encodeResponse, type EncodeResponseOptions } from "./response-codec.js";
