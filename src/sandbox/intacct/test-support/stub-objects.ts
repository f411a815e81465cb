/**
 * A tiny stand-in for the objects half, for tests of the gateway/tenancy half: VENDOR only, in a
 * real SQLite table (so savepoints and rollbacks are observable). Unknown calls fail, like the
 * real module.
 */
import type Database from "better-sqlite3";

import type { IntacctRecord, XmlElement } from "../../../intacct/xml/index.js";
import { childText } from "../../../intacct/xml/index.js";
import type { CallContext, CallRequirement, FunctionOutcome, ObjectsModule } from "../contracts.js";

const err = (errorno: string, description2: string): FunctionOutcome => ({ status: "failure", errors: [{ errorno, description: "", description2, correction: "" }] });

/** Creates the stub objects module. */
export function createStubObjects(db: Database.Database): ObjectsModule {
  db.exec("CREATE TABLE IF NOT EXISTS stub_vendor (company TEXT NOT NULL, recordno INTEGER PRIMARY KEY AUTOINCREMENT, vendorid TEXT NOT NULL, name TEXT NOT NULL, entity TEXT NOT NULL, UNIQUE (company, vendorid))");
  const insert = db.prepare<[string, string, string, string]>("INSERT INTO stub_vendor (company, vendorid, name, entity) VALUES (?, ?, ?, ?)");
  const exists = db.prepare<[string, string], { n: number }>("SELECT 1 AS n FROM stub_vendor WHERE company = ? AND vendorid = ?");
  const all = db.prepare<[string], { recordno: number; vendorid: string; name: string; entity: string }>("SELECT * FROM stub_vendor WHERE company = ? ORDER BY recordno");
  const rec = (r: { recordno: number; vendorid: string; name: string; entity: string }): IntacctRecord => ({ RECORDNO: String(r.recordno), VENDORID: r.vendorid, NAME: r.name, MEGAENTITYID: r.entity });
  return {
    requirement(fn: XmlElement): CallRequirement | FunctionOutcome | null {
      if (fn.name === "inspect") return null;
      const object = fn.name === "create" ? fn.children[0]?.name : childText(fn, "object");
      if ((fn.name === "readByQuery" || fn.name === "create") && object === "VENDOR") {
        return fn.name === "create"
          ? { application: "Accounts Payable", policy: "Vendors", right: "Add", apiOperation: "CREATE", object: "vendor" }
          : { application: "Accounts Payable", policy: "Vendors", right: "List", apiOperation: "READ_BY_QUERY", object: "vendor" };
      }
      if (fn.name === "create" || fn.name === "readByQuery") return err("Query Failed", `Object definition ${object ?? ""} not found`);
      return err("XL03000003", `Unknown function ${fn.name}`);
    },
    execute(ctx: CallContext, fn: XmlElement): FunctionOutcome {
      if (fn.name === "inspect") return { status: "success", data: { attrs: { listtype: "All", count: "0" }, records: [] } };
      if (fn.name === "readByQuery") {
        const rows = all.all(ctx.companyId).map(rec);
        return { status: "success", data: { attrs: { listtype: "vendor", count: String(rows.length), totalcount: String(rows.length), numremaining: "0", resultId: "" }, records: rows.map((record) => ({ tag: "vendor", record })) } };
      }
      const created: Array<{ tag: string; record: IntacctRecord }> = [];
      for (const v of fn.children) {
        const id = childText(v, "VENDORID") ?? "";
        if (id === "") return err("BL01001973", "Required field Vendor ID is missing");
        if (exists.get(ctx.companyId, id)) return { status: "failure", data: { attrs: { listtype: "objects", count: "0" }, records: [] }, errors: [{ errorno: "BL34000061", description: "", description2: `Another Vendor with the given value(s) ${id}  already exists`, correction: "Use a unique value instead." }] };
        const r = insert.run(ctx.companyId, id, childText(v, "NAME") ?? id, ctx.entityId);
        created.push({ tag: "vendor", record: { RECORDNO: String(r.lastInsertRowid), VENDORID: id } });
      }
      return { status: "success", data: { attrs: { listtype: "objects", count: String(created.length) }, records: created } };
    },
    seedRecords(companyId, records) {
      for (const v of records["VENDOR"] ?? []) {
        const id = typeof v["VENDORID"] === "string" ? v["VENDORID"] : "";
        insert.run(companyId, id, typeof v["NAME"] === "string" ? v["NAME"] : id, "");
      }
    },
    listRecords(companyId, object) {
      return object === "VENDOR" ? all.all(companyId).map(rec) : [];
    },
    reset() {
      db.exec("DELETE FROM stub_vendor");
    },
  };
}
