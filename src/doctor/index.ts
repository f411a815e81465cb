/** The doctor: checks a Sage Intacct sync user against the setup guide and names each fix. */
export type { CheckResult, CheckStatus, DoctorReport } from "./check.js";
export { runDoctor, type DoctorOptions } from "./doctor.js";
export { formatReport } from "./format-report.js";
export type { DoctorPreferences, SiblingAccount } from "./preference-checks.js";
export { READ_PROBES, REQUIRED_PERMISSIONS, type ReadProbe, type RequiredApplication } from "./sync-needs.js";
