/**
 * Intacct error texts the gateway/tenancy half emits, verbatim where a source shows them
 * (`intacct-xml-api.md` §3.2, §3.3, §3.6, §5, A1–A4; `intacct-objects-permissions.md` A7).
 * Every builder returns an {@link IntacctErrorDetail}; `errorno` values are kept verbatim.
 */
import { randomBytes } from "node:crypto";

import type { IntacctErrorDetail } from "../../../intacct/xml/index.js";

/** Builds one error; absent texts are empty strings as Intacct sends them. */
export function intacctError(errorno: string, description2: string, description = "", correction = ""): IntacctErrorDetail {
  return { errorno, description, description2, correction };
}

/**
 * A Support ID like the ones real `description2` texts end with (§3.5: URL-encoded, `%7E` for
 * `~`). Random, so it carries no information.
 */
export function supportId(): string {
  const a = randomBytes(8).toString("base64url");
  const b = randomBytes(15).toString("base64url");
  return `${a}%7E${b}`;
}

/**
 * Quotes a value in apostrophes. The real gateway writes them as the character reference
 * `&#039;` (§3.3), which every XML parser decodes to `'`; the text here is the decoded form and
 * the codec decides the bytes.
 */
function q(value: string): string {
  return `'${value}'`;
}

export const GatewayErrors = {
  /** §5, control level: malformed XML or schema violation. */
  parse(detail: string): IntacctErrorDetail {
    return intacctError("XL03000003", `${detail} [Support ID: ${supportId()}]`);
  },
  /** §3.2: wrong sender ID or sender password (control level). */
  badSender(): IntacctErrorDetail {
    return intacctError("XL03000006", "Incorrect Intacct XML Partner ID or password.");
  },
  /** §5: any `policyid` (the sandbox has no transport policies, so every one is unknown). */
  badPolicy(policyId: string): IntacctErrorDetail {
    return intacctError("XL03000006", `${policyId} is not a valid transport policy.`);
  },
  /** XSD: control ids are at most 256 characters (§2.2, §2.5); libxml-style facet text. */
  controlIdTooLong(length: number, max: number): IntacctErrorDetail {
    return GatewayErrors.parse(`XML Parse schema error: Element 'controlid': [facet 'maxLength'] The value has a length of '${length}'; this exceeds the allowed maximum length of '${max}'.`);
  },
  /** The sandbox speaks DTD 3.0 only (honest refusal, not an Intacct text). */
  unsupportedDtd(version: string): IntacctErrorDetail {
    return intacctError("XL03000003", `XML Parse schema error: dtdversion '${version}' is not supported by the Intacct sandbox (use 3.0).`);
  },
  /** §3.3 (S-FAQ): sender not on the company's Web Services authorization list. */
  senderNotAuthorized(senderId: string, companyId: string): IntacctErrorDetail {
    return intacctError(
      "XL03000006",
      `The sender ID ${q(senderId)} is not authorized to make Web Services requests to company ID ${q(companyId)}.`,
      "Invalid Web Services Authorization",
      "Contact the company administrator to grant Web Services authorization to this sender ID.",
    );
  },
  /** §5 / A2: bad company ID, user ID, password, inactive user, or an entity the user may not enter. */
  signInIncorrect(): IntacctErrorDetail {
    return intacctError("XL03000006", "Sign-in information is incorrect");
  },
  /** A2: expired or unknown session (the recorded text begins `Invalid session`). */
  invalidSession(): IntacctErrorDetail {
    return intacctError("XL03000006", "Invalid session");
  },
  /** §1.2: the gateway front end's rejection (HTTP 401; no senderid/controlid in `<control>`). */
  jpp0002(): IntacctErrorDetail {
    return intacctError("XMLGW_JPP0002", "", "Sign-in information is incorrect. Please check your request.");
  },
  /** §1.2: HTTP 400 `invalidRequest` (the sandbox sends it for a body that is not XML at all). */
  invalidRequest(): IntacctErrorDetail {
    return intacctError("invalidRequest", "", "Invalid Request");
  },
  /** §7 / A10: HTTP 429, concurrency limit (body shape of the GW-0011 sample; text UNCONFIRMED). */
  rateLimited(requestId: string): IntacctErrorDetail {
    return intacctError("GW-0010", "", `Too many requests. The company has reached its limit of concurrent API requests. Please try again later. [Request ID: ${requestId}]`);
  },
  /** §3.6: appended to every result of a rolled-back `transaction="true"` operation. */
  rolledBack(): IntacctErrorDetail {
    return intacctError("XL03000009", "The entire transaction in this operation has been rolled back due to an error.");
  },
  /** A1: function control id already completed with `uniqueid=true` (errorno UNCONFIRMED, configurable). */
  duplicateControlId(errorno: string, controlId: string): IntacctErrorDetail {
    return intacctError(errorno, `A successful transaction has already been recorded with the control id ${controlId}`);
  },
  /** A6/A7: the user lacks the right the call needs. */
  permissionDenied(apiOperation: string, object: string): IntacctErrorDetail {
    return intacctError("PL04000005", `You do not have permission for API operation ${apiOperation} on objects of type ${object} [Support ID: ${supportId()}]`);
  },
  /** A5: getUserPermissions for an unknown login. */
  unknownLogin(loginId: string): IntacctErrorDetail {
    return intacctError("BL03000025", `Login ID ${loginId} does not exist.`, "", "Provide a valid USER.LOGINID value.");
  },
  /** A4: readMore on an unknown or expired resultId. */
  readMoreFailed(resultId: string): IntacctErrorDetail {
    return intacctError("readMore failed", `Attempt to readMore with an invalid or expired resultId: ${resultId}`);
  },
  /** Internal error of the sandbox itself (a bug): never a silent success. */
  internal(message: string): IntacctErrorDetail {
    return intacctError("SANDBOX-INTERNAL", `The Intacct sandbox failed while running this function: ${message}`);
  },
} as const;
