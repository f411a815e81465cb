import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { decodeRequest, encodeRequest } from "./request-codec.js";
import { decodeResponse, encodeResponse } from "./response-codec.js";
import type { IntacctRecord, IntacctRequest, IntacctResponse } from "./types.js";
import { XmlCodecError } from "./xml-codec-error.js";
import { parseXml } from "./xml-parse.js";
import { elementToRecord, recordToElement } from "./xml-tree.js";
import { el, writeXml } from "./xml-write.js";

const sampleRequest: IntacctRequest = {
  control: {
    senderId: "acme_partner",
    senderPassword: "s3nder-Secret",
    controlId: "1717420000123",
    uniqueId: false,
    dtdVersion: "3.0",
  },
  operation: {
    transaction: false,
    authentication: {
      kind: "login",
      userId: "ws_integration",
      companyId: "ZEPHYR-TEST",
      password: "us3r-Secret",
      locationId: "EAST",
    },
    functions: [
      {
        controlId: "3f6c2f3e",
        body: el(
          "readByQuery",
          null,
          el("object", null, "VENDOR"),
          el("query", null, "STATUS = 'T'"),
          el("fields", null, "RECORDNO,VENDORID,NAME"),
          el("pagesize", null, "100"),
        ),
      },
    ],
  },
};

describe("encodeRequest", () => {
  it("writes the envelope in the official SDK's order with its prolog", () => {
    const xml = encodeRequest(sampleRequest);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8" ?><request><control><senderid>acme_partner</senderid><password>s3nder-Secret</password>' +
        "<controlid>1717420000123</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion><includewhitespace>false</includewhitespace></control>" +
        '<operation transaction="false"><authentication><login><userid>ws_integration</userid><companyid>ZEPHYR-TEST</companyid><password>us3r-Secret</password>' +
        '<locationid>EAST</locationid></login></authentication><content><function controlid="3f6c2f3e"><readByQuery><object>VENDOR</object>' +
        "<query>STATUS = 'T'</query><fields>RECORDNO,VENDORID,NAME</fields><pagesize>100</pagesize></readByQuery></function></content></operation></request>",
    );
  });

  it("escapes markup in values", () => {
    const xml = encodeRequest({
      ...sampleRequest,
      operation: {
        ...sampleRequest.operation,
        functions: [
          {
            controlId: 'a"b',
            body: el("readByQuery", null, el("query", null, "NAME = 'Hollis & Sons' AND X < 3")),
          },
        ],
      },
    });
    expect(xml).toContain("<query>NAME = 'Hollis &amp; Sons' AND X &lt; 3</query>");
    expect(xml).toContain('controlid="a&quot;b"');
  });
});

describe("decodeRequest", () => {
  it("reads back what encodeRequest wrote", () => {
    const back = decodeRequest(encodeRequest(sampleRequest));
    expect(back.control).toEqual({ ...sampleRequest.control, includeWhitespace: false });
    expect(back.operation.authentication).toEqual(sampleRequest.operation.authentication);
    expect(back.operation.functions[0]?.body.name).toBe("readByQuery");
  });

  it("reads a session authentication", () => {
    const back = decodeRequest(
      encodeRequest({
        ...sampleRequest,
        operation: { ...sampleRequest.operation, authentication: { kind: "session", sessionId: "abc.." } },
      }),
    );
    expect(back.operation.authentication).toEqual({ kind: "session", sessionId: "abc.." });
  });

  it.each([
    ["<nope/>", "No matching global declaration"],
    ["<request><operation/></request>", "Expected is ( control )"],
    [
      "<request><control><controlid>x</controlid></control><operation/></request>",
      "Expected is ( senderid )",
    ],
    [
      "<request><control><senderid>s</senderid><controlid>x</controlid></control></request>",
      "Expected is ( operation )",
    ],
    [
      "<request><control><senderid>s</senderid><controlid>x</controlid></control><operation><authentication><sessionid>x</sessionid></authentication><content><function><a/></function></content></operation></request>",
      "The attribute 'controlid' is required",
    ],
    [
      "<request><control><senderid>s</senderid><controlid>x</controlid><uniqueid>maybe</uniqueid></control><operation/></request>",
      "not a valid value of the atomic type 'xs:boolean'",
    ],
  ])("rejects an invalid envelope %#", (xml, text) => {
    let err: unknown;
    try {
      decodeRequest(xml);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XmlCodecError);
    expect((err as XmlCodecError).code).toBe("ENVELOPE_INVALID");
    expect((err as XmlCodecError).message).toContain(text);
  });
});

const readResponse: IntacctResponse = {
  control: {
    status: "success",
    senderId: "acme_partner",
    controlId: "req-1",
    uniqueId: "false",
    dtdVersion: "3.0",
  },
  operation: {
    authentication: {
      status: "success",
      userId: "ws",
      companyId: "ZEPHYR",
      locationId: "",
      sessionTimestamp: "2024-05-02T09:15:40+00:00",
      sessionTimeout: "2024-05-03T09:15:40+00:00",
    },
    results: [
      {
        status: "success",
        function: "readByQuery",
        controlId: "f1",
        data: {
          attrs: { listtype: "vendor", count: "2", totalcount: "5", numremaining: "3", resultId: "7765abc" },
          records: [
            {
              tag: "vendor",
              record: {
                RECORDNO: "1",
                VENDORID: "V1",
                NAME: "Hollis & Sons",
                DISPLAYCONTACT: { EMAIL1: "a@b.c" },
              },
            },
            {
              tag: "vendor",
              record: { RECORDNO: "2", VENDORID: "V2", NAME: "", DISPLAYCONTACT: { EMAIL1: "" } },
            },
          ],
        },
      },
      {
        status: "failure",
        function: "create",
        controlId: "f2",
        data: { attrs: { listtype: "objects", count: "0" }, records: [] },
        errors: [
          {
            errorno: "BL34000061",
            description: "",
            description2: "Another Class with the given value(s) C-100  already exists",
            correction: "",
          },
          {
            errorno: "BL01001973",
            description: "",
            description2: "Could not create class record!",
            correction: "",
          },
        ],
      },
      { status: "success", function: "create_bill", controlId: "f3", key: "42" },
    ],
  },
};

describe("encodeResponse/decodeResponse", () => {
  it("round-trips a response with records, nested fields, errors and a legacy key", () => {
    expect(decodeResponse(encodeResponse(readResponse))).toEqual(readResponse);
    expect(decodeResponse(encodeResponse(readResponse, { pretty: true }))).toEqual(readResponse);
  });

  it("puts a control failure's errors under <response> and writes no operation", () => {
    const xml = encodeResponse({
      control: { status: "failure", senderId: "x", controlId: "c" },
      errors: [
        {
          errorno: "XL03000006",
          description: "",
          description2: "Incorrect Intacct XML Partner ID or password.",
          correction: "",
        },
      ],
    });
    const root = parseXml(xml);
    expect(root.children.map((c) => c.name)).toEqual(["control", "errormessage"]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it("keeps resultId in camelCase on <data>", () => {
    expect(encodeResponse(readResponse)).toContain('resultId="7765abc"');
  });

  it("decodes the reference's transaction sample into aborted and failure results", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><response><control><status>success</status><senderid>s</senderid><controlid>c</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>
<operation><authentication><status>success</status><userid>u</userid><companyid>c</companyid><locationid></locationid></authentication>
<result><status>aborted</status><function>create</function><controlid>step-1</controlid><errormessage><error><errorno>XL03000009</errorno><description></description><description2>The entire transaction in this operation has been rolled back due to an error.</description2><correction></correction></error></errormessage></result>
<result><status>failure</status><function>create</function><controlid>step-2</controlid><data listtype="objects" count="0"/><errormessage><error><errorno>BL01001973</errorno><description2>Could not create Customer record!</description2></error></errormessage></result>
</operation></response>`;
    const r = decodeResponse(xml);
    expect(r.operation?.results.map((x) => x.status)).toEqual(["aborted", "failure"]);
    expect(r.operation?.results[1]?.errors?.[0]).toEqual({
      errorno: "BL01001973",
      description: "",
      description2: "Could not create Customer record!",
      correction: "",
    });
    expect(r.operation?.results[1]?.data).toEqual({
      attrs: { listtype: "objects", count: "0" },
      records: [],
    });
  });

  it("decodes &#039; in description2 the way the gateway escapes apostrophes", () => {
    const xml = `<response><control><status>success</status></control><operation><authentication><status>failure</status><userid>u</userid><companyid>c</companyid></authentication><errormessage><error><errorno>XL03000006</errorno><description>Invalid Web Services Authorization</description><description2>The sender ID &#039;acme&#039; is not authorized</description2><correction></correction></error></errormessage></operation></response>`;
    const r = decodeResponse(xml);
    expect(r.operation?.authentication.status).toBe("failure");
    expect(r.operation?.errors?.[0]?.description2).toBe("The sender ID 'acme' is not authorized");
  });

  it("rejects a body that is not a response envelope with the SDK's wording", () => {
    expect(() => decodeResponse("<html/>")).toThrow("Response XML is missing root response element");
    expect(() => decodeResponse("<response/>")).toThrow("Response block is missing control element");
    expect(() => decodeResponse("<response><control/></response>")).toThrow(
      "Control block is missing status element",
    );
  });

  it("refuses a DOCTYPE in a response", () => {
    expect(() => decodeResponse('<!DOCTYPE r [<!ENTITY a "b">]><response/>')).toThrow(XmlCodecError);
  });

  it("keeps attributes of nested record elements under @", () => {
    const r = decodeResponse(
      '<response><control><status>success</status></control><operation><authentication><status>success</status><userid>u</userid><companyid>c</companyid></authentication><result><status>success</status><function>inspect</function><controlid>x</controlid><data listtype="All" count="1"><Type Name="VENDOR"><Fields><Field>VENDORID</Field><Field>NAME</Field></Fields></Type></data></result></operation></response>',
    );
    expect(r.operation?.results[0]?.data?.records[0]).toEqual({
      tag: "Type",
      record: { "@": { Name: "VENDOR" }, Fields: { Field: ["VENDORID", "NAME"] } },
    });
  });
});

// ---- property tests ----
const tagName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,12}$/);
// Any text XML 1.0 can carry: C0 controls other than tab, newline and CR are not representable.
const NOT_XML_CHARS =
  // eslint-disable-next-line no-control-regex -- removing what XML cannot represent
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xmlText = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom("&", "<", ">", '"', "'", " ", "é", "€", "😀", "\t", "\n", "\r"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    ),
  })
  .map((s) => s.replace(NOT_XML_CHARS, ""));
const flatRecord: fc.Arbitrary<IntacctRecord> = fc.dictionary(
  tagName.filter((k) => k !== "@"),
  xmlText,
  { maxKeys: 8 },
);

describe("codec properties", () => {
  it("a flat record survives recordToElement → writeXml → parseXml → elementToRecord", () => {
    fc.assert(
      fc.property(flatRecord, (rec) => {
        const back = elementToRecord(parseXml(writeXml(recordToElement("R", rec))));
        expect(back).toEqual(rec);
      }),
    );
  });

  it("any result data round-trips through encodeResponse/decodeResponse", () => {
    fc.assert(
      fc.property(fc.array(flatRecord, { maxLength: 5 }), fc.boolean(), (records, pretty) => {
        const res: IntacctResponse = {
          control: { status: "success" },
          operation: {
            authentication: { status: "success", userId: "u", companyId: "c" },
            results: [
              {
                status: "success",
                function: "query",
                controlId: "x",
                data: {
                  attrs: { listtype: "VENDOR", count: String(records.length) },
                  records: records.map((record) => ({ tag: "VENDOR", record })),
                },
              },
            ],
          },
        };
        // Pretty printing may not alter leaf values: only whitespace between elements is added.
        expect(decodeResponse(encodeResponse(res, { pretty }))).toEqual(res);
      }),
    );
  });

  it("any function control id and query text round-trips through encodeRequest/decodeRequest", () => {
    fc.assert(
      fc.property(xmlText, xmlText, (controlId, query) => {
        const req: IntacctRequest = {
          ...sampleRequest,
          operation: {
            ...sampleRequest.operation,
            functions: [{ controlId, body: el("readByQuery", null, el("query", null, query)) }],
          },
        };
        const back = decodeRequest(encodeRequest(req));
        expect(back.operation.functions[0]?.controlId).toBe(controlId);
        expect(back.operation.functions[0]?.body.children[0]?.text).toBe(query);
      }),
    );
  });
});

describe("decodeResponse errors", () => {
  it("reports where a truncated page breaks, with line and column", () => {
    const xml = encodeResponse(readResponse, { pretty: true });
    let err: unknown;
    try {
      decodeResponse(xml.slice(0, xml.indexOf("Hollis")));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XmlCodecError);
    expect((err as XmlCodecError).code).toBe("XML_MALFORMED");
    expect((err as XmlCodecError).line).toBeGreaterThan(5);
  });
});
