// README example: runs src/intacct/examples/list-vendors.ts against the Intacct sandbox (demo seed).
import { afterEach, beforeEach, expect, it } from "vitest";

import { createIntacctSandbox } from "../../sandbox/intacct/create-intacct-sandbox.js";
import { DEMO_FACTS } from "../../sandbox/intacct/demo-seed.js";
import type { IntacctSandbox } from "../../sandbox/intacct/sandbox-server.js";
import { SecretCapture } from "../test-support/capture.js";
import { listVendors } from "./list-vendors.js";

let sb: IntacctSandbox;
beforeEach(async () => {
  sb = await createIntacctSandbox({ seed: "demo" });
});
afterEach(async () => {
  await sb.close();
});

it("README example: lists vendors and creates V-EXAMPLE exactly once across two runs", async () => {
  const capture = new SecretCapture();
  const env = {
    INTACCT_SENDER_ID: DEMO_FACTS.senderId,
    INTACCT_SENDER_PASSWORD: DEMO_FACTS.senderPassword,
    INTACCT_COMPANY_ID: DEMO_FACTS.companyId,
    INTACCT_ENTITY_ID: "EAST",
    INTACCT_USER_ID: DEMO_FACTS.userId,
    INTACCT_USER_PASSWORD: DEMO_FACTS.password,
    INTACCT_ENDPOINT_URL: sb.endpointUrl,
  };
  const first = await listVendors({ env, allowNonIntacctEndpoint: true, logger: capture });
  const second = await listVendors({ env, allowNonIntacctEndpoint: true, logger: capture });
  expect(first.reconciled).toBe(false);
  expect(second).toMatchObject({ created: first.created, reconciled: true, vendors: first.vendors + 1 });
  expect(capture.leaks([DEMO_FACTS.password, DEMO_FACTS.senderPassword])).toEqual([]);
});
