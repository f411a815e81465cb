import { describe, expect, it } from "vitest";

import { XmlCodecError } from "./xml-codec-error.js";
import { parseXml } from "./xml-parse.js";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof XmlCodecError ? e.code : `other: ${String(e)}`;
  }
  return "no error";
}

describe("parseXml", () => {
  it("builds a tree with attributes, text and nested children", () => {
    const root = parseXml('<?xml version="1.0"?><a x="1"><b>t &amp; u</b><c/></a>');
    expect(root.name).toBe("a");
    expect(root.attrs).toEqual({ x: "1" });
    expect(root.children.map((c) => c.name)).toEqual(["b", "c"]);
    expect(root.children[0]?.text).toBe("t & u");
  });

  it("refuses a DOCTYPE with an internal entity (billion laughs) before expanding anything", () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><a>&lol2;</a>';
    expect(codeOf(() => parseXml(bomb))).toBe("XML_FORBIDDEN_DTD");
  });

  it("refuses an external entity declaration (XXE)", () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    expect(codeOf(() => parseXml(xxe))).toBe("XML_FORBIDDEN_DTD");
  });

  it("refuses an undefined entity reference", () => {
    expect(codeOf(() => parseXml("<a>&nope;</a>"))).toBe("XML_MALFORMED");
  });

  it("reports mismatched tags with a line and column", () => {
    let err: unknown;
    try {
      parseXml("<a>\n<b></c></a>");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XmlCodecError);
    expect((err as XmlCodecError).code).toBe("XML_MALFORMED");
    expect((err as XmlCodecError).line).toBe(2);
  });

  it("refuses documents over the size and depth limits", () => {
    expect(codeOf(() => parseXml("<a>xxxxxxxxxx</a>", { maxChars: 10 }))).toBe("XML_TOO_LARGE");
    expect(codeOf(() => parseXml("<a><a><a></a></a></a>", { maxDepth: 2 }))).toBe("XML_TOO_LARGE");
  });

  it("refuses an empty document", () => {
    expect(codeOf(() => parseXml(""))).toBe("XML_MALFORMED");
  });
});
