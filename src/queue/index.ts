/** The run queue: runners, the executor, the PostgreSQL budget and schedules (ADR 0007). */
export type { RunEvent, RunEventListener, RunKind, RunReason, RunRequest, RunTicket, SyncRunner } from "./port.js";
export { createInProcessRunner, type InProcessRunner, type InProcessRunnerOptions, type RunnerScheduleOptions } from "./in-process-runner.js";
export { createPgBossRunner, type PgBossRunner, type PgBossRunnerOptions } from "./pg-boss-runner.js";
export { createRunExecutor, type DoctorJob, type DoctorOutcome, type RunExecutor, type RunExecutorOptions, type RunJob } from "./sync-executor.js";
export { createDoctorJob, type DoctorJobOptions } from "./doctor-job.js";
export { PostgresBudget, type PostgresBudgetOptions } from "./postgres-budget.js";
export { DAY_MS, MIN_SCHEDULE_MS, parseSchedule, type ScheduleSetting } from "./schedule.js";
export { QueueError, type QueueErrorCode } from "./queue-error.js";
export { ManualTimers, systemTimers, type Timers } from "./timers.js";
