/** The README's BILL example, run against the sandbox so the docs cannot rot. */
import { afterAll, beforeAll, expect, it } from "vitest";

import type { BillSandbox } from "../sandbox/bill/index.js";
import { demoLogin, startBillSandbox } from "../sandbox/bill/testing.js";
import { BillError, createBillClient, updatedAfter, withMarker } from "./index.js";
import type { Bill, BillLineItemInput } from "./types.js";

let sb: BillSandbox;
beforeAll(async () => {
  sb = await startBillSandbox();
});
afterAll(async () => {
  await sb.close();
});

it("README example", async () => {
  const { organizationId, username, password, devKey } = demoLogin(sb);
  const watermark = "2000-01-01T00:00:00.000Z";
  const bill = createBillClient({ baseUrl: sb.url, credentials: { organizationId, username, password, devKey } });
  const seen: string[] = [];
  for await (const v of bill.vendors.list({ filters: [updatedAfter(watermark)], sort: [{ field: "updatedTime", order: "asc" }] })) seen.push(v.id);
  expect(seen).toHaveLength(5);

  const vendorId = seen[0] ?? "";
  const key = "readme-1";
  const [dueDate, invoiceNumber, invoiceDate] = ["2026-12-31", "README-1", "2026-12-01"];
  const billLineItems: BillLineItemInput[] = [{ amount: 42 }];
  await fetch(`${sb.adminUrl}/faults`, { method: "POST", body: JSON.stringify({ kind: "error_after", method: "POST", path: "^/v3/bills$", times: 1 }) });
  let existing: Bill | undefined;
  try {
    await bill.bills.create({ vendorId, dueDate, invoice: { invoiceNumber, invoiceDate }, description: withMarker("AP bill", key), billLineItems });
  } catch (e) {
    if (e instanceof BillError && e.kind === "uncertain_outcome") existing = await bill.bills.findByMarker(key, { filters: [{ field: "vendorId", op: "eq", value: vendorId }] });
  }
  expect(existing?.invoice.invoiceNumber).toBe("README-1");
});
