/** Public API of the BILL sandbox. */
export { createBillAdminApp, loadSeedChoice, type SeedChoice } from "./admin.js";
export { createBillApiApp, DroppedConnectionError } from "./app.js";
export { SandboxClock, toBillDate, toBillTime } from "./clock.js";
export { BILL_DEMO_LOGINS, type BillDemoLogin, billDemoSeed } from "./demo-seed.js";
export { BillApiError, BillErrors } from "./errors.js";
export { BILL_SANDBOX_DEFAULT_LIMITS, type BillSandboxLimits } from "./limits.js";
export { applyBillSeed, type BillSeed, type BillSeedInput, billSeedJsonSchema, BillSeedSchema, parseBillSeed } from "./seed.js";
export { type BillSandbox, type BillSandboxOptions, createBillSandbox } from "./server.js";
export { BillSandboxState, type Fault, type FaultKind, type SandboxCounters } from "./state.js";
