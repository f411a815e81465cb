import { describe, expect, it } from "vitest";

import { SecretRegistry } from "../domain/redact.js";
import { classifyErrorDetail, classifyErrors, classifyHttpStatus, type IntacctErrorCategory, type IntacctErrorCode, type IntacctErrorLevel } from "./error-catalogue.js";
import {
  authenticationError,
  controlError,
  functionError,
  httpStatusError,
  IntacctAuthenticationError,
  IntacctControlError,
  IntacctFunctionError,
  IntacctTransportError,
  parseSupportId,
} from "./errors.js";
import type { IntacctErrorDetail } from "./xml/index.js";

const d = (errorno: string, description2 = "", description = "", correction = ""): IntacctErrorDetail => ({ errorno, description, description2, correction });

interface Row {
  readonly row: string;
  readonly level: IntacctErrorLevel;
  readonly detail: IntacctErrorDetail;
  readonly code: IntacctErrorCode;
  readonly category: IntacctErrorCategory;
}

// One row per entry of intacct-xml-api.md §5, the addendum (A1–A10) and objects-permissions A7.
const CATALOGUE: readonly Row[] = [
  { row: "§5 XL03000003 schema error", level: "control", detail: d("XL03000003", "XML Parse schema error: Fatal Error 76: Opening and ending tag mismatch: foo line 1 and bar Line: 1, column: 20. [Support ID: abc%7Edef]"), code: "XML_SCHEMA_ERROR", category: "protocol" },
  { row: "§5 XL03000006 bad sender (control)", level: "control", detail: d("XL03000006", "Incorrect Intacct XML Partner ID or password."), code: "SENDER_INVALID", category: "auth" },
  { row: "§5 XL03000006 bad policy (control)", level: "control", detail: d("XL03000006", "bogus is not a valid transport policy."), code: "TRANSPORT_POLICY_INVALID", category: "configuration" },
  {
    row: "§5 XL03000006 sender not authorized (auth)",
    level: "authentication",
    detail: d("XL03000006", "The sender ID 'acme_partner' is not authorized to make Web Services requests to company ID 'ZEPHYR-TEST'.", "Invalid Web Services Authorization", "Contact the company administrator to grant Web Services authorization to this sender ID."),
    code: "SENDER_NOT_AUTHORIZED",
    category: "configuration",
  },
  { row: "§5 XL03000006 sign-in incorrect (auth)", level: "authentication", detail: d("XL03000006", "Sign-in information is incorrect"), code: "LOGIN_INVALID", category: "auth" },
  { row: "§5/A2 XL03000006 invalid or expired session (auth)", level: "authentication", detail: d("XL03000006", "Invalid session q...."), code: "SESSION_INVALID", category: "auth" },
  { row: "§5 XMLGW_JPP0002 (HTTP 401)", level: "control", detail: d("XMLGW_JPP0002", "", "Sign-in information is incorrect. Please check your request."), code: "GATEWAY_SIGN_IN_REJECTED", category: "auth" },
  { row: "§5 UJPP0002", level: "control", detail: d("UJPP0002", "Sign-in information is incorrect. Please check your request."), code: "GATEWAY_SIGN_IN_REJECTED", category: "auth" },
  { row: "§5 invalidRequest (HTTP 400)", level: "control", detail: d("invalidRequest", "", "Invalid Request"), code: "INVALID_REQUEST", category: "auth" },
  { row: "§5 GW-0010 (HTTP 429)", level: "control", detail: d("GW-0010", "", "Too many requests"), code: "RATE_LIMITED", category: "rate_limit" },
  { row: "§5 GW-0011", level: "control", detail: d("GW-0011", "", "Invalid Request [Request ID: 8a7b]"), code: "GATEWAY_REJECTED", category: "auth" },
  { row: "§5 PL04000055 expired demo company", level: "control", detail: d("PL04000055", "This company is a demo company and has expired."), code: "COMPANY_EXPIRED", category: "configuration" },
  { row: "§5 XL03000009 transaction rolled back", level: "function", detail: d("XL03000009", "The entire transaction in this operation has been rolled back due to an error."), code: "TRANSACTION_ROLLED_BACK", category: "data" },
  { row: "§5 PL04000005 no permission", level: "function", detail: d("PL04000005", "You do not have permission for API operation READ_BY_QUERY on objects of type arinvoice [Support ID: x]"), code: "PERMISSION_DENIED", category: "permission" },
  { row: "§5 operation cannot be performed", level: "function", detail: d("", "API operation 'READ_BY_QUERY' cannot be performed on objects of type glentry"), code: "OPERATION_NOT_SUPPORTED", category: "protocol" },
  { row: "§5 Object definition not found", level: "function", detail: d("Query Failed", "Object definition VENDOR9 not found"), code: "OBJECT_UNKNOWN", category: "configuration" },
  { row: "§5 Object type not found (inspect)", level: "function", detail: d("", "Object type CLASS1 not found"), code: "OBJECT_UNKNOWN", category: "configuration" },
  { row: "§5 BL01001973 could not create", level: "function", detail: d("BL01001973", "Could not create Customer record!"), code: "BUSINESS_RULE", category: "data" },
  { row: "§5 BL01001973 duplicate account number", level: "function", detail: d("BL01001973", "The account number '5000.11' already exists [Support ID: z]", "Duplicate account number", "Enter unique account number"), code: "DUPLICATE_RECORD", category: "data" },
  { row: "§5 BL34000061 duplicate", level: "function", detail: d("BL34000061", "Another Class with the given value(s) C-100  already exists", "", "Use a unique value instead."), code: "DUPLICATE_RECORD", category: "data" },
  { row: "§5 update of non-existing record (sentence as errorno)", level: "function", detail: d("Cannot update non-existing CLASS with CLASSID=C-999."), code: "RECORD_NOT_FOUND", category: "not_found" },
  { row: "§5/A5 BL01001973 delete of missing key", level: "function", detail: d("BL01001973", "Cannot find class with key 'C-999' to delete."), code: "RECORD_NOT_FOUND", category: "not_found" },
  { row: "§5/A1 already recorded with the control id", level: "function", detail: d("", "A successful transaction has already been recorded with the control id bill-7f3a"), code: "DUPLICATE_CONTROL_ID", category: "duplicate_control_id" },
  { row: "A1 concurrent request in process", level: "function", detail: d("", "A concurrent request in process with the control id bill-7f3a"), code: "CONCURRENT_REQUEST", category: "uncertain_outcome" },
  { row: "§5 XML gateway not subscribed", level: "function", detail: d("", "This company is not authorized for XML transactions. Please subscribe to the XML Gateway."), code: "XML_GATEWAY_NOT_SUBSCRIBED", category: "configuration" },
  { row: "§5 Service Temporarily Off-line", level: "function", detail: d("", "The Service is Temporarily Off-line"), code: "SERVICE_OFFLINE", category: "transient" },
  { row: "§5/A10 API rate limit exceeded in a 200 body", level: "control", detail: d("", "API rate limit exceeded"), code: "RATE_LIMITED", category: "rate_limit" },
  { row: "A10 Please Try Again Later", level: "function", detail: d("BL00000000", "", "", "Please Try Again Later") , code: "TRY_AGAIN_LATER", category: "transient" },
  { row: "A4 readMore with expired resultId", level: "function", detail: d("readMore failed", "Attempt to readMore with an invalid or expired resultId: bad"), code: "RESULT_SET_EXPIRED", category: "not_found" },
  { row: "A4 readMore unknown reportId", level: "function", detail: d("readMore failed", "Results for reportId 12 do not exist."), code: "RESULT_SET_EXPIRED", category: "not_found" },
  { row: "A5 BL03000025 unknown login id", level: "function", detail: d("BL03000025", "Login ID ghost does not exist.", "", "Provide a valid USER.LOGINID value."), code: "USER_NOT_FOUND", category: "not_found" },
  { row: "A5 invalid fields list", level: "function", detail: d("Invalid fields list FOO"), code: "FIELD_LIST_INVALID", category: "protocol" },
  { row: "A8 closed period text", level: "function", detail: d("BL01001973", "Your transaction date (03/01/2026) is within a period that's been closed.", "Periods are closed.", "You can add, modify, or delete a transaction only if the date of the transaction is within a period that's open."), code: "CLOSED_PERIOD", category: "closed_period" },
  { row: "A8 Date must be on or after", level: "function", detail: d("BL03000054", "Date must be on or after 04/01/2026"), code: "CLOSED_PERIOD", category: "closed_period" },
  { row: "A9 required field missing", level: "function", detail: d("BL01001973", "Required field Vendor ID is missing"), code: "REQUIRED_FIELD_MISSING", category: "data" },
  { row: "A9 invalid reference", level: "function", detail: d("BL01001973", "Invalid Vendor 'V-NOPE' specified."), code: "INVALID_REFERENCE", category: "data" },
  { row: "A9 term name invalid", level: "function", detail: d("BL01001973", "The term name 'Net 99' is invalid"), code: "INVALID_REFERENCE", category: "data" },
  { row: "A9 BL03002128 enter a bill number", level: "function", detail: d("BL03002128", "Enter a Bill number, and try again."), code: "BUSINESS_RULE", category: "data" },
  { row: "A3 root-level vendor from entity user", level: "function", detail: d("BL01001973", "You cannot update a root level vendor from an entity/restricted user with one entity"), code: "ENTITY_RESTRICTED", category: "permission" },
  { row: "A7 module not subscribed", level: "function", detail: d("", "Account allocation module is not subscribed"), code: "MODULE_NOT_SUBSCRIBED", category: "configuration" },
];

describe("error catalogue: every §5 and addendum row classifies to its code and category", () => {
  for (const r of CATALOGUE) {
    it(r.row, () => {
      expect(classifyErrorDetail(r.detail, r.level)).toMatchObject({ code: r.code, category: r.category });
    });
  }

  it("falls back to data for unknown function errors and protocol for unknown control errors", () => {
    expect(classifyErrorDetail(d("ZZ999", "???"), "function")).toMatchObject({ code: "UNKNOWN_ERROR", category: "data" });
    expect(classifyErrorDetail(d("ZZ999", "???"), "control")).toMatchObject({ code: "UNKNOWN_ERROR", category: "protocol" });
  });

  it("picks the specific error in a chain (duplicate first, generic 'could not create' after)", () => {
    const chain = [d("BL01001973", "Could not create class record!"), d("BL34000061", "Another Class with the given value(s) C-1  already exists"), d("XL03000009", "The entire transaction in this operation has been rolled back due to an error.")];
    expect(classifyErrors(chain, "function")).toMatchObject({ code: "DUPLICATE_RECORD", index: 1 });
  });

  it("classifies HTTP statuses without a body: 5xx transient for reads, uncertain for writes, 524 always uncertain, 429 rate limit", () => {
    expect(classifyHttpStatus(502, false).category).toBe("transient");
    expect(classifyHttpStatus(502, true).category).toBe("uncertain_outcome");
    expect(classifyHttpStatus(524, false).category).toBe("uncertain_outcome");
    expect(classifyHttpStatus(429, true).category).toBe("rate_limit");
    expect(classifyHttpStatus(401, false).code).toBe("GATEWAY_SIGN_IN_REJECTED");
  });
});

describe("typed errors", () => {
  it("builds one class per level with structured fields, the specific error first", () => {
    const f = functionError({ status: "failure", function: "create", controlId: "c-1", errors: [d("BL01001973", "Could not create class record!"), d("BL34000061", "Another Class with the given value(s) C-1  already exists [Support ID: a%7Eb]")] }, { requestControlId: "req-1" });
    expect(f).toBeInstanceOf(IntacctFunctionError);
    expect(f).toMatchObject({ code: "DUPLICATE_RECORD", level: "function", errorno: "BL34000061", functionControlId: "c-1", requestControlId: "req-1", supportId: "a~b", status: "failure", side: "user" });
    expect(f.details).toHaveLength(2);
    expect(controlError([d("XL03000006", "Incorrect Intacct XML Partner ID or password.")], {})).toBeInstanceOf(IntacctControlError);
    expect(authenticationError([d("XL03000006", "Sign-in information is incorrect")], {})).toBeInstanceOf(IntacctAuthenticationError);
    const t = httpStatusError(503, true, {});
    expect(t).toBeInstanceOf(IntacctTransportError);
    expect(t).toMatchObject({ uncertain: true, httpStatus: 503, side: "system" });
  });

  it("redacts registered secrets in the message and every detail when the error is built", () => {
    const secrets = new SecretRegistry();
    secrets.add("hunter2-secret", "SESSION-abc123..");
    const e = authenticationError([d("XL03000006", "Invalid session SESSION-abc123..", "password hunter2-secret")], { secrets });
    expect(e.message).not.toContain("hunter2-secret");
    expect(e.message).not.toContain("SESSION-abc123..");
    expect(JSON.stringify(e.details)).not.toMatch(/hunter2-secret|SESSION-abc123/);
  });

  it("parses the Support ID token and URL-decodes it", () => {
    expect(parseSupportId("Boom [Support ID: 4Xk%7EZq9]")).toBe("4Xk~Zq9");
    expect(parseSupportId("no token")).toBeUndefined();
  });
});
