/**
 * Request envelope (`intacct-xml-api.md` §2): encode for the client, decode for the sandbox.
 * The encoder writes what the official JS SDK writes, in the same order (§2.2, §8.3).
 */
import type { IntacctRequest, RequestAuthentication, RequestFunction, XmlElement } from "./types.js";
import { XmlCodecError } from "./xml-codec-error.js";
import { parseXml } from "./xml-parse.js";
import { childElement, childElements, childText } from "./xml-tree.js";
import { el, writeXml } from "./xml-write.js";

/** The JS SDK's prolog, byte for byte (note the space before `?>`). */
const REQUEST_PROLOG = '<?xml version="1.0" encoding="utf-8" ?>';

/**
 * Encodes a request envelope as one line of XML.
 *
 * @example
 * encodeRequest({
 *   control: { senderId: "s", senderPassword: "p", controlId: "req-1" },
 *   operation: { authentication: { kind: "session", sessionId: "abc.." }, functions: [{ controlId: "f1", body: el("inspect", null, el("object", null, "VENDOR")) }] },
 * });
 */
export function encodeRequest(request: IntacctRequest): string {
  const c = request.control;
  const control = el(
    "control",
    null,
    el("senderid", null, c.senderId),
    el("password", null, c.senderPassword),
    el("controlid", null, c.controlId),
    el("uniqueid", null, c.uniqueId ? "true" : "false"),
    el("dtdversion", null, c.dtdVersion ?? "3.0"),
    c.policyId ? el("policyid", null, c.policyId) : undefined,
    el("includewhitespace", null, c.includeWhitespace ? "true" : "false"),
  );
  const op = request.operation;
  const auth = encodeAuthentication(op.authentication);
  const content = el(
    "content",
    null,
    ...op.functions.map((f) => el("function", { controlid: f.controlId }, f.body)),
  );
  const operation = el("operation", { transaction: op.transaction ? "true" : "false" }, auth, content);
  return writeXml(el("request", null, control, operation), { prolog: REQUEST_PROLOG });
}

function encodeAuthentication(a: RequestAuthentication): XmlElement {
  if (a.kind === "session") return el("authentication", null, el("sessionid", null, a.sessionId));
  return el(
    "authentication",
    null,
    el(
      "login",
      null,
      el("userid", null, a.userId),
      el("companyid", null, a.companyId),
      el("password", null, a.password),
      a.clientId ? el("clientid", null, a.clientId) : undefined,
      a.locationId ? el("locationid", null, a.locationId) : undefined,
    ),
  );
}

function invalid(message: string): never {
  throw new XmlCodecError("ENVELOPE_INVALID", message);
}

function expectedMessage(parent: string, missing: string): string {
  return `XML Parse schema error: Element '${parent}': Missing child element(s). Expected is ( ${missing} ).`;
}

function parseBool(value: string | undefined, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  return invalid(
    `XML Parse schema error: Element '${field}': '${value}' is not a valid value of the atomic type 'xs:boolean'.`,
  );
}

/**
 * Decodes a request envelope (the sandbox's entry point).
 *
 * @throws {XmlCodecError} not well-formed (`XML_*`) or not a valid envelope (`ENVELOPE_INVALID`,
 *   message in the style of Intacct's `XL03000003` schema errors).
 */
export function decodeRequest(xml: string): IntacctRequest {
  const root = parseXml(xml);
  if (root.name !== "request")
    invalid(
      `XML Parse schema error: Element '${root.name}': No matching global declaration available for the validation root.`,
    );
  const control = childElement(root, "control") ?? invalid(expectedMessage("request", "control"));
  const senderId = childText(control, "senderid") ?? invalid(expectedMessage("control", "senderid"));
  const controlId = childText(control, "controlid") ?? invalid(expectedMessage("control", "controlid"));
  const uniqueId = parseBool(childText(control, "uniqueid"), "uniqueid");
  const includeWhitespace = parseBool(childText(control, "includewhitespace"), "includewhitespace");
  const policyId = childText(control, "policyid");
  const dtdVersion = childText(control, "dtdversion");
  const operations = childElements(root, "operation");
  const operation = operations[0] ?? invalid(expectedMessage("request", "operation"));
  if (operations.length > 1)
    invalid("XML Parse schema error: Only one <operation> per request is supported.");
  const transaction = parseBool(operation.attrs["transaction"], "transaction");
  const authElement =
    childElement(operation, "authentication") ?? invalid(expectedMessage("operation", "authentication"));
  const functions: RequestFunction[] = [];
  for (const content of childElements(operation, "content")) {
    for (const f of content.children) {
      if (f.name !== "function")
        invalid(
          `XML Parse schema error: Element '${f.name}': This element is not expected. Expected is ( function ).`,
        );
      const fnControlId = f.attrs["controlid"];
      if (fnControlId === undefined)
        invalid(
          "XML Parse schema error: Element 'function': The attribute 'controlid' is required but missing.",
        );
      const body = f.children[0];
      if (!body || f.children.length !== 1)
        invalid("XML Parse schema error: Element 'function': Expected exactly one function element.");
      functions.push({ controlId: fnControlId, body });
    }
  }
  return {
    control: {
      senderId,
      senderPassword: childText(control, "password") ?? "",
      controlId,
      ...(uniqueId === undefined ? {} : { uniqueId }),
      ...(dtdVersion === undefined ? {} : { dtdVersion }),
      ...(policyId === undefined ? {} : { policyId }),
      ...(includeWhitespace === undefined ? {} : { includeWhitespace }),
    },
    operation: {
      ...(transaction === undefined ? {} : { transaction }),
      authentication: decodeAuthentication(authElement),
      functions,
    },
  };
}

function decodeAuthentication(auth: XmlElement): RequestAuthentication {
  const login = childElement(auth, "login");
  const session = childElement(auth, "sessionid");
  if (login && session)
    invalid(
      "XML Parse schema error: Element 'authentication': Expected exactly one of ( login, sessionid ).",
    );
  if (session) return { kind: "session", sessionId: session.text.trim() };
  if (!login) return invalid(expectedMessage("authentication", "login | sessionid"));
  const clientId = childText(login, "clientid");
  const locationId = childText(login, "locationid");
  return {
    kind: "login",
    userId: childText(login, "userid") ?? invalid(expectedMessage("login", "userid")),
    companyId: childText(login, "companyid") ?? invalid(expectedMessage("login", "companyid")),
    password: childText(login, "password") ?? invalid(expectedMessage("login", "password")),
    ...(clientId === undefined ? {} : { clientId }),
    ...(locationId === undefined ? {} : { locationId }),
  };
}
