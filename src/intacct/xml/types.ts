/**
 * Types of the Intacct XML codec, shared by the client (`src/intacct`) and the Intacct sandbox
 * (`src/sandbox/intacct`). Shapes follow `intacct-xml-api.md` §2 (request) and §3 (response).
 */

/** A parsed XML element (small documents: requests, metadata). Text is the concatenated text content. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside this element (not of its children), untrimmed. */
  readonly text: string;
}

/**
 * A record as Intacct sends it: each child element becomes a field. Leaf elements are strings
 * (empty string for `<FIELD/>`), nested elements are records, repeated sibling tags become
 * arrays. Attributes, when an element has any, are kept under the `"@"` key.
 */
export type IntacctValue = string | IntacctRecord | IntacctValue[];
/** One record (see {@link IntacctValue}). */
export interface IntacctRecord {
  [field: string]: IntacctValue;
}

/** One `<error>` of an `<errormessage>` (§3.5). Absent children decode as empty strings. */
export interface IntacctErrorDetail {
  readonly errorno: string;
  readonly description: string;
  readonly description2: string;
  readonly correction: string;
}

/** `<control>` of a request (§2.2). */
export interface RequestControl {
  readonly senderId: string;
  readonly senderPassword: string;
  readonly controlId: string;
  /** @default false */
  readonly uniqueId?: boolean;
  /** @default "3.0" */
  readonly dtdVersion?: string;
  readonly policyId?: string;
  /** @default false */
  readonly includeWhitespace?: boolean;
}

/** `<authentication>` of a request (§2.4): login or session. */
export type RequestAuthentication =
  | {
      readonly kind: "login";
      readonly userId: string;
      readonly companyId: string;
      readonly password: string;
      readonly clientId?: string;
      readonly locationId?: string;
    }
  | { readonly kind: "session"; readonly sessionId: string };

/** One `<function controlid="…">` holding exactly one function element (`body`). */
export interface RequestFunction {
  readonly controlId: string;
  /** The function element, e.g. `<readByQuery>…</readByQuery>`; `body.name` is the function name. */
  readonly body: XmlElement;
}

/** A whole request envelope. */
export interface IntacctRequest {
  readonly control: RequestControl;
  readonly operation: {
    /** @default false */
    readonly transaction?: boolean;
    readonly authentication: RequestAuthentication;
    readonly functions: readonly RequestFunction[];
  };
}

/** Result status (§3.4, §3.6). */
export type ResultStatus = "success" | "failure" | "aborted";

/** `<data>` of a result: its attributes and its child elements decoded as records. */
export interface ResultData {
  /** Attributes of `<data>` verbatim (`listtype`, `count`, `totalcount`, `numremaining`, `resultId`, `offset`). */
  readonly attrs: Readonly<Record<string, string>>;
  /** Child elements in document order; `tag` is the element name (`vendor`, `VENDOR`, `api`, `Type`). */
  readonly records: ReadonlyArray<{ readonly tag: string; readonly record: IntacctRecord }>;
}

/** One `<result>` (§3.4). */
export interface ResponseResult {
  readonly status: ResultStatus;
  readonly function: string;
  readonly controlId: string;
  /** Legacy functions' `<key>`. */
  readonly key?: string;
  /** Legacy `get_list` `<listtype start end total>` element. */
  readonly listType?: {
    readonly name: string;
    readonly start: string;
    readonly end: string;
    readonly total: string;
  };
  readonly data?: ResultData;
  readonly errors?: readonly IntacctErrorDetail[];
}

/** `<operation><authentication>` of a response (§3.3). */
export interface ResponseAuthentication {
  readonly status: "success" | "failure";
  readonly userId: string;
  readonly companyId: string;
  readonly locationId?: string;
  readonly sessionTimestamp?: string;
  readonly sessionTimeout?: string;
}

/** A whole response envelope (§3.1). */
export interface IntacctResponse {
  readonly control: {
    readonly status: "success" | "failure";
    readonly senderId?: string;
    readonly controlId?: string;
    readonly uniqueId?: string;
    readonly dtdVersion?: string;
  };
  /** Control-level errors (`response/errormessage`); present only on control failure. */
  readonly errors?: readonly IntacctErrorDetail[];
  readonly operation?: {
    readonly authentication: ResponseAuthentication;
    /** Authentication-level errors (`operation/errormessage`). */
    readonly errors?: readonly IntacctErrorDetail[];
    readonly results: readonly ResponseResult[];
  };
  /** Offline acknowledgement (§3.7). */
  readonly acknowledgement?: { readonly status: string };
}
