import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { recordsJsonSchema } from "./records-schema.js";

describe("records JSON Schema", () => {
  it("matches the published schemas/intacct-sandbox-records.schema.json (regenerate with the printed command)", () => {
    const published = JSON.parse(readFileSync(new URL("../../../../schemas/intacct-sandbox-records.schema.json", import.meta.url), "utf8")) as unknown;
    // Regenerate: node --import tsx -e 'import("./src/sandbox/intacct/objects/records-schema.ts").then(m=>console.log(JSON.stringify(m.recordsJsonSchema(),null,2)))' > schemas/intacct-sandbox-records.schema.json
    expect(published).toEqual(recordsJsonSchema());
  });
});
