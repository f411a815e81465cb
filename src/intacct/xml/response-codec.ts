/**
 * Response envelope (`intacct-xml-api.md` §3): encode for the sandbox, decode for the client.
 *
 * The encoder emits exactly what the official SDK's parser requires (§8.5): `control/status`
 * always; on control failure `errormessage` under `response` and no `operation`; the
 * authentication block with `status`, `userid`, `companyid`; each result with `status`,
 * `function`, `controlid`; `resultId` in camelCase.
 *
 * The decoder streams: saxes events build the small envelope as a tree, but the children of each
 * `<data>` are turned into records as they are read (no intermediate tree for the bulk of a page).
 */
import { SaxesParser } from "saxes";

import type {
  IntacctErrorDetail,
  IntacctRecord,
  IntacctResponse,
  ResponseAuthentication,
  ResponseResult,
  ResultStatus,
  XmlElement,
} from "./types.js";
import { XmlCodecError } from "./xml-codec-error.js";
import { parseXml, XML_LIMITS } from "./xml-parse.js";
import { addField, childElement, childElements, childText, recordToElement } from "./xml-tree.js";
import { el, writeXml } from "./xml-write.js";

/** Options of {@link encodeResponse}. */
export interface EncodeResponseOptions {
  /** Pretty-print (the gateway's `includewhitespace=true`). @default false */
  readonly pretty?: boolean;
}

function errorMessageElement(errors: readonly IntacctErrorDetail[]): XmlElement {
  return el(
    "errormessage",
    null,
    ...errors.map((e) =>
      el(
        "error",
        null,
        el("errorno", null, e.errorno),
        el("description", null, e.description),
        el("description2", null, e.description2),
        el("correction", null, e.correction),
      ),
    ),
  );
}

function resultElement(r: ResponseResult): XmlElement {
  return el(
    "result",
    null,
    el("status", null, r.status),
    el("function", null, r.function),
    el("controlid", null, r.controlId),
    r.key !== undefined ? el("key", null, r.key) : undefined,
    r.listType
      ? el(
          "listtype",
          { start: r.listType.start, end: r.listType.end, total: r.listType.total },
          r.listType.name,
        )
      : undefined,
    r.data
      ? el("data", r.data.attrs, ...r.data.records.map((x) => recordToElement(x.tag, x.record)))
      : undefined,
    r.errors && r.errors.length > 0 ? errorMessageElement(r.errors) : undefined,
  );
}

function authenticationElement(a: ResponseAuthentication): XmlElement {
  return el(
    "authentication",
    null,
    el("status", null, a.status),
    el("userid", null, a.userId),
    el("companyid", null, a.companyId),
    a.locationId !== undefined ? el("locationid", null, a.locationId) : undefined,
    a.sessionTimestamp !== undefined ? el("sessiontimestamp", null, a.sessionTimestamp) : undefined,
    a.sessionTimeout !== undefined ? el("sessiontimeout", null, a.sessionTimeout) : undefined,
  );
}

/**
 * Encodes a response envelope (the sandbox's exit point).
 *
 * @example
 * encodeResponse({ control: { status: "failure" }, errors: [{ errorno: "XL03000006", description: "", description2: "Incorrect Intacct XML Partner ID or password.", correction: "" }] });
 */
export function encodeResponse(response: IntacctResponse, options: EncodeResponseOptions = {}): string {
  const c = response.control;
  const control = el(
    "control",
    null,
    el("status", null, c.status),
    c.senderId !== undefined ? el("senderid", null, c.senderId) : undefined,
    c.controlId !== undefined ? el("controlid", null, c.controlId) : undefined,
    c.uniqueId !== undefined ? el("uniqueid", null, c.uniqueId) : undefined,
    c.dtdVersion !== undefined ? el("dtdversion", null, c.dtdVersion) : undefined,
  );
  const op = response.operation;
  const operation = op
    ? el(
        "operation",
        null,
        authenticationElement(op.authentication),
        op.errors && op.errors.length > 0 ? errorMessageElement(op.errors) : undefined,
        ...op.results.map(resultElement),
      )
    : undefined;
  const root = el(
    "response",
    null,
    response.acknowledgement
      ? el("acknowledgement", null, el("status", null, response.acknowledgement.status))
      : undefined,
    control,
    response.errors && response.errors.length > 0 ? errorMessageElement(response.errors) : undefined,
    operation,
  );
  return writeXml(root, { prolog: true, pretty: options.pretty ?? false, expandEmpty: true });
}

// ---------------------------------------------------------------------------------------------
// Decoding

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
  /** Set on `<data>` elements of a `<result>`: its children as records. */
  records?: Array<{ tag: string; record: IntacctRecord }>;
}

interface RecordFrame {
  readonly name: string;
  readonly attrs: Record<string, string> | undefined;
  readonly rec: IntacctRecord;
}

function hasKeys(o: Record<string, string>): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * Decodes a response envelope (the client's entry point), streaming the records of every
 * `<result><data>`.
 *
 * @throws {XmlCodecError} not well-formed, forbidden DTD, too large, or not a response envelope.
 */
export function decodeResponse(xml: string): IntacctResponse {
  if (xml.length > XML_LIMITS.maxChars) {
    throw new XmlCodecError(
      "XML_TOO_LARGE",
      `Document of ${xml.length} characters exceeds the limit of ${XML_LIMITS.maxChars}.`,
    );
  }
  // Position tracking is off on the fast path; a failing document is parsed again with
  // positions on, only to report the line and column (see `locateError`).
  const parser = new SaxesParser({ position: false });
  const stack: Node[] = [];
  // Inside a <data>: containers (elements known to have children) and at most one pending
  // element that has had no child yet. Most elements are leaves, so a leaf costs no frame.
  const frames: RecordFrame[] = [];
  let pendingName: string | undefined;
  let pendingAttrs: Record<string, string> | undefined;
  let pendingText = "";
  let dataNode: Node | undefined; // the <data> whose children are being read as records
  let root: Node | undefined;
  const fail = (code: "XML_MALFORMED" | "XML_FORBIDDEN_DTD" | "XML_TOO_LARGE", message: string): never => {
    throw new XmlCodecError(code, message);
  };
  const place = (name: string, value: string | IntacctRecord): void => {
    const parent = frames[frames.length - 1];
    if (parent) addField(parent.rec, name, value);
    else
      dataNode?.records?.push({
        tag: name,
        record: typeof value === "string" ? (value === "" ? {} : { "#text": value }) : value,
      });
  };
  parser.on("doctype", () => fail("XML_FORBIDDEN_DTD", "DOCTYPE and entity declarations are not allowed."));
  parser.on("error", (e) => fail("XML_MALFORMED", e.message));
  parser.on("opentag", (tag) => {
    if (dataNode) {
      if (pendingName !== undefined) {
        if (frames.length >= XML_LIMITS.maxDepth)
          fail("XML_TOO_LARGE", `Element nesting deeper than ${XML_LIMITS.maxDepth}.`);
        frames.push({ name: pendingName, attrs: pendingAttrs, rec: {} });
      }
      const attrs = tag.attributes as Record<string, string>;
      pendingName = tag.name;
      pendingAttrs = hasKeys(attrs) ? attrs : undefined;
      pendingText = "";
      return;
    }
    if (stack.length >= XML_LIMITS.maxDepth)
      fail("XML_TOO_LARGE", `Element nesting deeper than ${XML_LIMITS.maxDepth}.`);
    const node: Node = {
      name: tag.name,
      attrs: tag.attributes as Record<string, string>,
      children: [],
      text: "",
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
    if (tag.name === "data" && parent?.name === "result") {
      node.records = [];
      dataNode = node;
    }
  });
  parser.on("closetag", () => {
    if (dataNode) {
      if (pendingName !== undefined) {
        const value: string | IntacctRecord = pendingAttrs
          ? pendingText === ""
            ? { "@": pendingAttrs }
            : { "@": pendingAttrs, "#text": pendingText }
          : pendingText;
        const name = pendingName;
        pendingName = undefined;
        place(name, value);
        return;
      }
      const f = frames.pop();
      if (f) {
        if (f.attrs) f.rec["@"] = f.attrs;
        place(f.name, f.rec);
        return;
      }
      dataNode = undefined; // the <data> element itself closes
    }
    stack.pop();
  });
  const onText = (t: string): void => {
    if (dataNode) {
      if (pendingName !== undefined) pendingText += t;
      return;
    }
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  try {
    parser.write(xml).close();
  } catch (e) {
    throw e instanceof XmlCodecError && e.code !== "ENVELOPE_INVALID" ? locateError(xml, e) : e;
  }
  if (!root) return fail("XML_MALFORMED", "Document has no root element.");
  return interpretResponse(root);
}

/** Re-parses a failing document with positions on to attach the line and column. */
function locateError(xml: string, original: XmlCodecError): XmlCodecError {
  try {
    parseXml(xml);
  } catch (e) {
    if (e instanceof XmlCodecError) return e;
  }
  return original;
}

function invalid(message: string): never {
  throw new XmlCodecError("ENVELOPE_INVALID", message);
}

function text(parent: Node, name: string): string | undefined {
  const t = childText(parent, name);
  return t === undefined ? undefined : t.trim();
}

function decodeErrors(parent: Node): IntacctErrorDetail[] | undefined {
  const em = childElement(parent, "errormessage");
  if (!em) return undefined;
  return childElements(em, "error").map((e) => ({
    errorno: childText(e, "errorno")?.trim() ?? "",
    description: childText(e, "description")?.trim() ?? "",
    description2: childText(e, "description2")?.trim() ?? "",
    correction: childText(e, "correction")?.trim() ?? "",
  }));
}

function interpretResponse(root: Node): IntacctResponse {
  if (root.name !== "response") invalid("Response XML is missing root response element");
  const ack = childElement(root, "acknowledgement");
  const control =
    (childElement(root, "control") as Node | undefined) ??
    invalid("Response block is missing control element");
  const status = text(control, "status") ?? invalid("Control block is missing status element");
  const senderId = text(control, "senderid");
  const controlId = text(control, "controlid");
  const uniqueId = text(control, "uniqueid");
  const dtdVersion = text(control, "dtdversion");
  const errors = decodeErrors(root);
  const opNode = childElement(root, "operation") as Node | undefined;
  return {
    control: {
      status: status === "success" ? "success" : "failure",
      ...(senderId === undefined ? {} : { senderId }),
      ...(controlId === undefined ? {} : { controlId }),
      ...(uniqueId === undefined ? {} : { uniqueId }),
      ...(dtdVersion === undefined ? {} : { dtdVersion }),
    },
    ...(errors ? { errors } : {}),
    ...(opNode ? { operation: interpretOperation(opNode) } : {}),
    ...(ack ? { acknowledgement: { status: childText(ack, "status")?.trim() ?? "" } } : {}),
  };
}

function interpretOperation(op: Node): NonNullable<IntacctResponse["operation"]> {
  const auth =
    (childElement(op, "authentication") as Node | undefined) ??
    invalid("Authentication block is missing from operation element");
  const locationId = text(auth, "locationid");
  const sessionTimestamp = text(auth, "sessiontimestamp");
  const sessionTimeout = text(auth, "sessiontimeout");
  const authentication: ResponseAuthentication = {
    status: text(auth, "status") === "success" ? "success" : "failure",
    userId: text(auth, "userid") ?? "",
    companyId: text(auth, "companyid") ?? "",
    ...(locationId === undefined ? {} : { locationId }),
    ...(sessionTimestamp === undefined ? {} : { sessionTimestamp }),
    ...(sessionTimeout === undefined ? {} : { sessionTimeout }),
  };
  const errors = decodeErrors(op);
  const results = op.children.filter((c) => c.name === "result").map(interpretResult);
  return { authentication, ...(errors ? { errors } : {}), results };
}

function interpretResult(r: Node): ResponseResult {
  const status = text(r, "status") ?? invalid("Response result block is missing status element");
  const fn = text(r, "function") ?? invalid("Response result block is missing function element");
  const controlId =
    childText(r, "controlid") ?? invalid("Response result block is missing controlid element");
  const key = text(r, "key");
  const lt = childElement(r, "listtype");
  const data = r.children.find((c) => c.name === "data");
  const errors = decodeErrors(r);
  return {
    status: (status === "success" || status === "aborted" ? status : "failure") satisfies ResultStatus,
    function: fn,
    controlId,
    ...(key === undefined ? {} : { key }),
    ...(lt
      ? {
          listType: {
            name: lt.text.trim(),
            start: lt.attrs["start"] ?? "",
            end: lt.attrs["end"] ?? "",
            total: lt.attrs["total"] ?? "",
          },
        }
      : {}),
    ...(data ? { data: { attrs: data.attrs, records: data.records ?? [] } } : {}),
    ...(errors ? { errors } : {}),
  };
}
