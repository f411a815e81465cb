/**
 * Attachments (B18) in the objects module: folders (`create_supdocfolder`, `get`/`get_list
 * supdocfolder`), `create_supdoc` into an existing folder only, `update_supdoc` adding files,
 * `get`/`get_list supdoc` (with an equality filter), and linking a paid bill with
 * `update APBILL {RECORDNO, SUPDOCID}`.
 */
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { parseXml } from "../../../intacct/xml/index.js";
import type { CallContext } from "../contracts.js";
import { demoRecords } from "./demo-records.js";
import { createObjectsModule } from "./index.js";

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
const east: CallContext = { companyId: "Z", entityId: "EAST", userId: "u", now: NOW, sessionKey: "k" };

function make() {
  const m = createObjectsModule(new Database(":memory:"));
  m.seedRecords("Z", demoRecords({ now: NOW, entityIds: ["EAST", "WEST"], vendorCount: 4, billsPerEntity: 3 }), { entityIds: ["EAST", "WEST"], now: NOW });
  const run = (xml: string) => m.execute(east, parseXml(xml));
  return { m, run };
}

const file = (name: string, data: string) => `<attachment><attachmentname>${name}</attachmentname><attachmenttype>pdf</attachmenttype><attachmentdata>${data}</attachmentdata></attachment>`;

describe("SUPDOC and SUPDOCFOLDER", () => {
  it("creates a folder once, then a supporting document in it, and adds files with update_supdoc", () => {
    const { run } = make();
    expect(run("<get object=\"supdocfolder\" key=\"BILL Sync\"/>").data?.records).toEqual([]);
    expect(run("<create_supdocfolder><supdocfoldername>BILL Sync</supdocfoldername></create_supdocfolder>")).toMatchObject({ status: "success", key: "BILL Sync" });
    expect(run("<get object=\"supdocfolder\" key=\"BILL Sync\"/>").data?.records).toHaveLength(1);
    expect(run("<create_supdocfolder><supdocfoldername>BILL Sync</supdocfoldername></create_supdocfolder>").status).toBe("failure");
    expect(run(`<create_supdoc><supdocid>BS-1</supdocid><supdocname>B-1</supdocname><supdocfoldername>BILL Sync</supdocfoldername><attachments>${file("a", "QQ==")}</attachments></create_supdoc>`)).toMatchObject({ status: "success", key: "BS-1" });
    expect(run(`<update_supdoc><supdocid>BS-1</supdocid><attachments>${file("b", "Qg==")}</attachments></update_supdoc>`).status).toBe("success");
    const got = run("<get object=\"supdoc\" key=\"BS-1\"/>").data?.records[0]?.record as Record<string, unknown> | undefined;
    expect(JSON.stringify(got?.["attachments"])).toContain("\"attachmentname\":\"b\"");
    expect(JSON.stringify(got?.["attachments"])).toContain("\"attachmentname\":\"a\"");
    const listed = run("<get_list object=\"supdoc\"><filter><expression><field>supdocid</field><operator>=</operator><value>BS-1</value></expression></filter></get_list>");
    expect(listed.data?.records.map((r) => r.record["supdocid"])).toEqual(["BS-1"]);
  });

  it("refuses a supporting document in a folder that does not exist", () => {
    const { run } = make();
    const r = run(`<create_supdoc><supdocid>BS-2</supdocid><supdocname>B-2</supdocname><supdocfoldername>Nowhere</supdocfoldername><attachments>${file("a", "QQ==")}</attachments></create_supdoc>`);
    expect(r.status).toBe("failure");
  });

  it("links a paid bill to a supporting document without WHENDUE, but refuses other changes to it", () => {
    const { m, run } = make();
    run("<create_supdocfolder><supdocfoldername>BILL Sync</supdocfoldername></create_supdocfolder>");
    run(`<create_supdoc><supdocid>BS-3</supdocid><supdocname>B-3</supdocname><supdocfoldername>BILL Sync</supdocfoldername><attachments>${file("a", "QQ==")}</attachments></create_supdoc>`);
    const paid = m.listRecords("Z", "APBILL").find((b) => Number(b["TOTALPAID"] ?? "0") > 0 && b["MEGAENTITYID"] === "EAST");
    expect(paid).toBeDefined();
    const key = typeof paid?.["RECORDNO"] === "string" ? paid["RECORDNO"] : "";
    expect(run(`<update><APBILL><RECORDNO>${key}</RECORDNO><SUPDOCID>BS-3</SUPDOCID></APBILL></update>`).status).toBe("success");
    expect(m.listRecords("Z", "APBILL").find((b) => b["RECORDNO"] === key)?.["SUPDOCID"]).toBe("BS-3");
    expect(run(`<update><APBILL><RECORDNO>${key}</RECORDNO><DESCRIPTION>changed</DESCRIPTION><WHENDUE>04/30/2026</WHENDUE></APBILL></update>`).status).toBe("failure");
    expect(run(`<update><APBILL><RECORDNO>${key}</RECORDNO><SUPDOCID>NO-SUCH</SUPDOCID></APBILL></update>`).status).toBe("failure");
  });
});
