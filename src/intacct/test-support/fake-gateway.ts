/**
 * A tiny, stateful, scripted Intacct XML gateway for the client's integration tests: HTTP on
 * 127.0.0.1 port 0, envelopes through the shared codec, records kept in memory, `uniqueid=true`
 * honoured (a function control id that already succeeded answers "A successful transaction has
 * already been recorded with the control id …"), sessions with a timeout on an injectable clock,
 * entity sessions, and a queue of scripted faults (HTTP status before or after commit, dropped
 * connection after commit, delays, Retry-After). Unknown functions fail; nothing answers success
 * by default. This is NOT the sandbox (src/sandbox/intacct); it exists so the client can be tested
 * before and independently of it.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import {
  childText,
  decodeRequest,
  elementToRecord,
  encodeResponse,
  type IntacctErrorDetail,
  type IntacctRecord,
  type IntacctRequest,
  type IntacctResponse,
  type ResponseResult,
  type XmlElement,
} from "../xml/index.js";

/** One scripted fault, consumed by the next request that matches `fn` (any when absent). */
export type Fault = { readonly fn?: string } & (
  | { readonly kind: "status"; readonly status: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: "status-after-commit"; readonly status: number }
  | { readonly kind: "drop-after-commit" }
  | { readonly kind: "delay"; readonly ms: number }
  /** Every function of the request fails with this error (nothing runs). */
  | { readonly kind: "function-error"; readonly error: IntacctErrorDetail }
);

/** Options of {@link startFakeGateway}. */
export interface FakeGatewayOptions {
  readonly senderId?: string;
  readonly senderPassword?: string;
  readonly companyId?: string;
  readonly userId?: string;
  readonly userPassword?: string;
  /** Entities the user may enter. @default ["EAST", "WEST"] */
  readonly entities?: readonly string[];
  /** Session lifetime in ms (sliding). @default 3600000 */
  readonly sessionLifetimeMs?: number;
  /** Clock in ms. @default Date.now */
  readonly now?: () => number;
  /** Latency added to every request, ms. @default 0 */
  readonly latencyMs?: number;
}

interface Session {
  readonly id: string;
  readonly entity: string;
  expiresAt: number;
}

const ID_FIELDS: Readonly<Record<string, string>> = { VENDOR: "VENDORID", CUSTOMER: "CUSTOMERID", CLASS: "CLASSID", DEPARTMENT: "DEPARTMENTID", LOCATION: "LOCATIONID" };

function err(errorno: string, description2: string, description = "", correction = ""): IntacctErrorDetail {
  return { errorno, description, description2, correction };
}

/** A running fake gateway. */
export interface FakeGateway {
  /** `http://127.0.0.1:<port>/ia/xml/xmlgw.phtml` */
  readonly url: string;
  /** Faults consumed in order. */
  readonly faults: Fault[];
  /** Every decoded request, in arrival order. */
  readonly requests: IntacctRequest[];
  /** Records by object (upper case), in creation order. */
  readonly records: Map<string, IntacctRecord[]>;
  /** Number of successful logins (getAPISession with login auth). */
  readonly stats: { logins: number; inFlight: number; maxInFlight: number; executedWrites: number };
  /** Expires every session now. */
  expireSessions(): void;
  close(): Promise<void>;
}

/**
 * Starts the fake gateway.
 *
 * @example
 * const gw = await startFakeGateway();
 * gw.faults.push({ kind: "status", status: 503 });
 */
export async function startFakeGateway(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const o = {
    senderId: options.senderId ?? "fake_sender",
    senderPassword: options.senderPassword ?? "S3nder-Pa55word!",
    companyId: options.companyId ?? "FAKE-CO",
    userId: options.userId ?? "xml_sync",
    userPassword: options.userPassword ?? "Us3r-Pa55word!",
    entities: options.entities ?? ["EAST", "WEST"],
    lifetime: options.sessionLifetimeMs ?? 3_600_000,
    now: options.now ?? Date.now,
    latency: options.latencyMs ?? 0,
  };
  const faults: Fault[] = [];
  const requests: IntacctRequest[] = [];
  const records = new Map<string, IntacctRecord[]>();
  const completed = new Map<string, ResponseResult>();
  const sessions = new Map<string, Session>();
  const resultSets = new Map<string, { readonly rows: IntacctRecord[]; readonly object: string; offset: number; readonly pageSize: number }>();
  const stats = { logins: 0, inFlight: 0, maxInFlight: 0, executedWrites: 0 };
  let nextRecordNo = 1000;
  let url = "";

  const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
  const takeFault = (req: IntacctRequest): Fault | undefined => {
    const names = req.operation.functions.map((f) => f.body.name);
    const i = faults.findIndex((f) => f.fn === undefined || names.includes(f.fn));
    return i < 0 ? undefined : faults.splice(i, 1)[0];
  };

  function runFunction(name: string, body: XmlElement, controlId: string, entity: string, userSessionId: string | undefined): ResponseResult {
    const fail = (...errors: IntacctErrorDetail[]): ResponseResult => ({ status: "failure", function: name, controlId, errors });
    const object = (childText(body, "object") ?? "").toUpperCase();
    switch (name) {
      case "getAPISession": {
        const loc = childText(body, "locationid");
        const target = loc ?? entity;
        if (target !== "" && !o.entities.includes(target.toUpperCase())) return fail(err("XL03000006", `Invalid location ${target}`));
        const s: Session = { id: `${randomBytes(12).toString("base64url")}..`, entity: target.toUpperCase(), expiresAt: o.now() + o.lifetime };
        sessions.set(s.id, s);
        void userSessionId;
        return { status: "success", function: name, controlId, data: { attrs: {}, records: [{ tag: "api", record: { sessionid: s.id, endpoint: url, locationid: s.entity } }] } };
      }
      case "create": {
        const created: Array<{ tag: string; record: IntacctRecord }> = [];
        for (const child of body.children) {
          const obj = child.name.toUpperCase();
          const rec = elementToRecord(child);
          const idField = ID_FIELDS[obj];
          const list = records.get(obj) ?? [];
          if (idField !== undefined && list.some((r) => r[idField] === rec[idField])) {
            return fail(err("BL34000061", `Another ${obj} with the given value(s) ${rec[idField] as string}  already exists`, "", "Use a unique value instead."));
          }
          const stored: IntacctRecord = { RECORDNO: String(nextRecordNo++), ...rec, MEGAENTITYID: entity };
          list.push(stored);
          records.set(obj, list);
          stats.executedWrites++;
          const out: IntacctRecord = { RECORDNO: stored["RECORDNO"] ?? "" };
          if (idField !== undefined) out[idField] = stored[idField] ?? "";
          created.push({ tag: obj.toLowerCase(), record: out });
        }
        return { status: "success", function: name, controlId, data: { attrs: { listtype: "objects", count: String(created.length) }, records: created } };
      }
      case "readByName":
      case "read": {
        const keys = (childText(body, "keys") ?? "").split(",").filter((k) => k !== "");
        const field = name === "read" ? "RECORDNO" : (ID_FIELDS[object] ?? "RECORDNO");
        const found = (records.get(object) ?? []).filter((r) => keys.includes(r[field] as string));
        return { status: "success", function: name, controlId, data: { attrs: { listtype: object, count: String(found.length) }, records: found.map((r) => ({ tag: object, record: r })) } };
      }
      case "query": {
        const all = records.get(object) ?? [];
        const offset = Number(childText(body, "offset") ?? "0");
        const pageSize = Number(childText(body, "pagesize") ?? "100");
        const page = all.slice(offset, offset + pageSize);
        const remaining = Math.max(0, all.length - offset - page.length);
        return {
          status: "success",
          function: name,
          controlId,
          data: {
            attrs: { listtype: object, totalcount: String(all.length), offset: String(offset), count: String(page.length), numremaining: String(remaining) },
            records: page.map((r) => ({ tag: object, record: r })),
          },
        };
      }
      case "readByQuery":
      case "readMore": {
        let set: { rows: IntacctRecord[]; object: string; offset: number; pageSize: number } | undefined;
        let id: string;
        if (name === "readByQuery") {
          id = randomBytes(8).toString("hex");
          set = { rows: [...(records.get(object) ?? [])], object, offset: 0, pageSize: Number(childText(body, "pagesize") ?? "100") };
          resultSets.set(id, set);
        } else {
          id = childText(body, "resultId") ?? "";
          set = resultSets.get(id);
          if (set === undefined) return fail(err("readMore failed", `Attempt to readMore with an invalid or expired resultId: ${id}`));
        }
        const page = set.rows.slice(set.offset, set.offset + set.pageSize);
        set.offset += page.length;
        const remaining = set.rows.length - set.offset;
        if (remaining === 0) resultSets.delete(id);
        return {
          status: "success",
          function: name,
          controlId,
          data: {
            attrs: { listtype: set.object.toLowerCase(), count: String(page.length), totalcount: String(set.rows.length), numremaining: String(remaining), resultId: remaining === 0 ? "" : id },
            records: page.map((r) => ({ tag: set.object.toLowerCase(), record: r })),
          },
        };
      }
      default:
        return fail(err("XL03000003", `Function ${name} is not implemented by the fake gateway`));
    }
  }

  function handle(req: IntacctRequest, fault: Fault | undefined): IntacctResponse {
    const control = { status: "success" as const, senderId: req.control.senderId, controlId: req.control.controlId, uniqueId: String(req.control.uniqueId ?? false), dtdVersion: "3.0" };
    if (req.control.senderId !== o.senderId || req.control.senderPassword !== o.senderPassword) {
      return { control: { ...control, status: "failure" }, errors: [err("XL03000006", "Incorrect Intacct XML Partner ID or password.")] };
    }
    const auth = req.operation.authentication;
    let entity = "";
    let sessionId: string | undefined;
    const authFailure = (e: IntacctErrorDetail, userId = "", companyId = ""): IntacctResponse => ({
      control,
      operation: { authentication: { status: "failure", userId, companyId }, errors: [e], results: [] },
    });
    if (auth.kind === "login") {
      if (auth.userId !== o.userId || auth.companyId !== o.companyId || auth.password !== o.userPassword) {
        return authFailure(err("XL03000006", "Sign-in information is incorrect"), auth.userId, auth.companyId);
      }
      entity = (auth.locationId ?? "").toUpperCase();
      if (entity !== "" && !o.entities.includes(entity)) return authFailure(err("XL03000006", "Sign-in information is incorrect"), auth.userId, auth.companyId);
      stats.logins++;
    } else {
      const s = sessions.get(auth.sessionId);
      if (s === undefined || s.expiresAt <= o.now()) {
        if (s !== undefined) sessions.delete(s.id);
        return authFailure(err("XL03000006", `Invalid session ${auth.sessionId.slice(0, 1)}....`));
      }
      s.expiresAt = o.now() + o.lifetime;
      entity = s.entity;
      sessionId = s.id;
    }
    const results: ResponseResult[] = [];
    for (const f of req.operation.functions) {
      if (fault?.kind === "function-error") {
        results.push({ status: "failure", function: f.body.name, controlId: f.controlId, errors: [fault.error] });
        continue;
      }
      const done = req.control.uniqueId === true ? completed.get(f.controlId) : undefined;
      if (done !== undefined) {
        results.push({ status: "failure", function: f.body.name, controlId: f.controlId, errors: [err("XL03000010", `A successful transaction has already been recorded with the control id ${f.controlId}`)] });
        continue;
      }
      const r = runFunction(f.body.name, f.body, f.controlId, entity, sessionId);
      if (r.status === "success" && req.control.uniqueId === true) completed.set(f.controlId, r);
      results.push(r);
    }
    const expiry = sessionId === undefined ? o.now() + o.lifetime : (sessions.get(sessionId)?.expiresAt ?? o.now());
    return {
      control,
      operation: {
        authentication: { status: "success", userId: o.userId, companyId: o.companyId, locationId: entity, sessionTimestamp: iso(o.now()), sessionTimeout: iso(expiry) },
        results,
      },
    };
  }

  const reply = (res: ServerResponse, status: number, body: string, headers: Readonly<Record<string, string>> = {}): void => {
    res.writeHead(status, { "content-type": 'text/xml; encoding="UTF-8"', ...headers });
    res.end(body);
  };

  const server: Server = createServer((httpReq: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    httpReq.on("data", (c: Buffer) => chunks.push(c));
    httpReq.on("end", () => {
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      const finish = (): void => {
        stats.inFlight--;
      };
      res.on("close", finish);
      let req: IntacctRequest;
      try {
        req = decodeRequest(Buffer.concat(chunks).toString("utf8"));
      } catch (e) {
        reply(res, 200, encodeResponse({ control: { status: "failure" }, errors: [err("XL03000003", e instanceof Error ? e.message : String(e))] }));
        return;
      }
      requests.push(req);
      const fault = takeFault(req);
      const respond = (): void => {
        if (fault?.kind === "status") {
          reply(res, fault.status, fault.body ?? "", fault.headers ?? {});
          return;
        }
        const answer = handle(req, fault);
        if (fault?.kind === "drop-after-commit") {
          res.socket?.destroy();
          return;
        }
        if (fault?.kind === "status-after-commit") {
          reply(res, fault.status, "<html>Bad Gateway</html>", { "content-type": "text/html" });
          return;
        }
        reply(res, 200, encodeResponse(answer));
      };
      const delay = (fault?.kind === "delay" ? fault.ms : 0) + o.latency;
      if (delay > 0) setTimeout(respond, delay);
      else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}/ia/xml/xmlgw.phtml`;

  return {
    url,
    faults,
    requests,
    records,
    stats,
    expireSessions: () => {
      for (const s of sessions.values()) s.expiresAt = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
