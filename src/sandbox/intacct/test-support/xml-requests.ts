/** Request builders and a poster for gateway tests (raw XML through the shared codec). */
import type { Hono } from "hono";

import type { IntacctResponse, RequestAuthentication, XmlElement } from "../../../intacct/xml/index.js";
import { decodeResponse, el, encodeRequest } from "../../../intacct/xml/index.js";
import { GATEWAY_PATH } from "../gateway/gateway-app.js";
import { T } from "./test-seed.js";

/** Options of {@link request}. */
export interface RequestOptions {
  readonly auth?: RequestAuthentication;
  readonly sender?: string;
  readonly senderPassword?: string;
  readonly transaction?: boolean;
  readonly uniqueId?: boolean;
}

/** Login auth for the test seed. */
export function login(overrides: Partial<Extract<RequestAuthentication, { kind: "login" }>> = {}): RequestAuthentication {
  return { kind: "login", userId: T.user, companyId: T.company, password: T.password, ...overrides };
}

/** Session auth. */
export function session(sessionId: string): RequestAuthentication {
  return { kind: "session", sessionId };
}

/** Encodes a request with functions `[controlId, body]`. */
export function request(functions: ReadonlyArray<readonly [string, XmlElement]>, o: RequestOptions = {}): string {
  return encodeRequest({
    control: { senderId: o.sender ?? T.sender, senderPassword: o.senderPassword ?? T.senderPassword, controlId: "req-1", ...(o.uniqueId ? { uniqueId: true } : {}) },
    operation: {
      ...(o.transaction ? { transaction: true } : {}),
      authentication: o.auth ?? login(),
      functions: functions.map(([controlId, body]) => ({ controlId, body })),
    },
  });
}

/** Common function bodies. */
export const fn = {
  getAPISession: (locationId?: string): XmlElement => (locationId === undefined ? el("getAPISession") : el("getAPISession", null, el("locationid", null, locationId))),
  readVendors: (): XmlElement => el("readByQuery", null, el("object", null, "VENDOR"), el("query", null, ""), el("pagesize", null, "100")),
  createVendor: (id: string): XmlElement => el("create", null, el("VENDOR", null, el("VENDORID", null, id), el("NAME", null, `Vendor ${id}`))),
  byQuery: (object: string, query = "", fields = "*", pagesize = "100"): XmlElement =>
    el("readByQuery", null, el("object", null, object), el("query", null, query), el("fields", null, fields), el("pagesize", null, pagesize)),
};

/** A posted request's outcome. */
export interface Posted {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly text: string;
  /** Decoded when the body is XML. */
  readonly response: IntacctResponse | undefined;
}

/** Posts XML to the gateway of `app` in-process. */
export async function post(app: Hono, xml: string): Promise<Posted> {
  const res = await app.request(GATEWAY_PATH, { method: "POST", body: xml, headers: { "Content-Type": "application/xml" } });
  const text = await res.text();
  let response: IntacctResponse | undefined;
  try {
    response = text.startsWith("<") ? decodeResponse(text) : undefined;
  } catch {
    response = undefined;
  }
  return { status: res.status, contentType: res.headers.get("content-type"), headers: res.headers, text, response };
}

/** The results of a decoded response (throws when there is no operation). */
export function results(p: Posted): NonNullable<IntacctResponse["operation"]>["results"] {
  const op = p.response?.operation;
  if (!op) throw new Error(`no operation in response: ${p.text}`);
  return op.results;
}

/** A field value as text (`""` for nested values or absent fields). */
export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Runs `fn` and returns the `code` of what it threw (fails when nothing was thrown). */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return typeof e === "object" && e !== null && "code" in e ? String(e.code) : "(no code)";
  }
  throw new Error("expected a throw");
}
