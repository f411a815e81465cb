/**
 * Zod schemas of the REST API's bodies and answers: requests are validated with them and the
 * OpenAPI document is generated from them (`z.toJSONSchema`), so the two cannot drift.
 */
import { z } from "zod";

/** `{ error: { code, message, details? } }`. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code, e.g. `NOT_FOUND`, `VALIDATION_FAILED`." }),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

export const UserSchema = z.object({ id: z.string(), username: z.string(), role: z.enum(["admin", "member"]) }).meta({ id: "User" });

export const AccountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    platformOrgId: z.string(),
    companyId: z.string(),
    userId: z.string(),
    password: z.literal("********").meta({ description: "Always masked." }),
    entityId: z.string().meta({ description: '`""` = top level.' }),
    preferences: z.record(z.string(), z.unknown()),
    platformUsername: z.string().nullable(),
    platformLoginSet: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Account" });

export const RunSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    kind: z.string(),
    status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    stats: z.record(z.string(), z.unknown()),
    error: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "Run" });

export const AccountSummarySchema = z
  .object({ account: AccountSchema, lastRun: RunSchema.optional(), activeRunId: z.string().optional() })
  .meta({ id: "AccountSummary" });

export const AccountDetailSchema = z
  .object({ account: AccountSchema, lastRun: RunSchema.optional(), activeRunId: z.string().optional(), openErrors: z.number().int() })
  .meta({ id: "AccountDetail" });

export const NewAccountSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    name: z.string().min(1).optional(),
    platformOrgId: z.string().min(1).optional(),
    companyId: z.string(),
    userId: z.string(),
    password: z.string().min(1),
    entityId: z.string().optional(),
  })
  .meta({ id: "NewAccount" });

export const LoginInfoSchema = z
  .object({ companyId: z.string(), userId: z.string(), password: z.literal("********"), entityId: z.string() })
  .meta({ id: "LoginInfo", description: "Sage Intacct Login Info; the password is never returned." });

export const LoginInfoInputSchema = z
  .object({
    companyId: z.string(),
    userId: z.string(),
    password: z.string().optional().meta({ description: "Absent or empty keeps the stored password." }),
    entityId: z.string().optional().meta({ description: 'Absent or `""` = top level.' }),
  })
  .meta({ id: "LoginInfoInput" });

export const ConnectionTestSchema = z.object({ ok: z.boolean(), code: z.string().optional(), message: z.string() }).meta({ id: "ConnectionTest" });

export const DoctorResultSchema = z
  .object({
    checkedAt: z.string(),
    report: z.object({
      ok: z.boolean(),
      target: z.object({ companyId: z.string(), userId: z.string(), entityId: z.string(), accountId: z.string().optional() }),
      checks: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          status: z.enum(["pass", "warn", "fail", "skipped"]),
          message: z.string(),
          evidence: z.array(z.string()).optional(),
          fix: z.string().optional(),
        }),
      ),
    }),
  })
  .meta({ id: "DoctorResult" });

export const PreferencesSchema = z
  .object({ preferences: z.record(z.string(), z.unknown()), schedule: z.string().optional() })
  .meta({ id: "Preferences", description: "Parsed preferences (defaults filled in) and the auto-sync schedule." });

export const PreferencesPatchSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .meta({ id: "PreferencesPatch", description: "Keys to change; `null` removes a key (back to its default)." });

export const RunRequestSchema = z
  .object({ kind: z.enum(["sync", "sync-dry-run", "doctor"]).optional().meta({ description: "Default `sync`." }) })
  .meta({ id: "RunRequest" });

export const RunTicketSchema = z
  .object({ runId: z.string(), created: z.boolean().meta({ description: "False when the account's active run was returned." }) })
  .meta({ id: "RunTicket" });

export const RecordErrorSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    runId: z.string().optional(),
    object: z.string(),
    recordId: z.string(),
    errorClass: z.string(),
    code: z.string(),
    message: z.string(),
    fixActions: z.array(z.string()),
    status: z.enum(["open", "resolved", "ignored"]),
    createdAt: z.string(),
    resolvedAt: z.string().optional(),
    resolution: z.string().optional(),
  })
  .meta({ id: "RecordError" });

export const FixRequestSchema = z.object({ action: z.string().min(1).meta({ description: "One of the error's `fixActions`." }) }).meta({ id: "FixRequest" });

export const FixOutcomeSchema = z.object({ error: RecordErrorSchema, message: z.string() }).meta({ id: "FixOutcome" });

export const UsageRowSchema = z
  .object({
    companyId: z.string(),
    month: z.string().meta({ description: "`YYYY-MM`, UTC." }),
    calls: z.number(),
    runs: z.number().int(),
    budget: z.number(),
    share: z.number().meta({ description: "calls / budget." }),
    accountIds: z.array(z.string()),
  })
  .meta({ id: "UsageRow" });

export const UserViewSchema = z
  .object({ id: z.string(), username: z.string(), role: z.enum(["admin", "member"]), createdAt: z.string(), accountIds: z.array(z.string()) })
  .meta({ id: "UserDetail" });

export const NewUserSchema = z
  .object({ username: z.string(), password: z.string(), role: z.enum(["admin", "member"]).optional() })
  .meta({ id: "NewUser" });

export const ApiTokenSchema = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() })
  .meta({ id: "ApiToken" });

export const NewApiTokenSchema = z.object({ name: z.string() }).meta({ id: "NewApiToken" });

export const CreatedApiTokenSchema = z
  .object({ token: z.string().meta({ description: "Shown once; send as `Authorization: Bearer <token>`." }), apiToken: ApiTokenSchema })
  .meta({ id: "CreatedApiToken" });

export const PasswordChangeSchema = z
  .object({ currentPassword: z.string(), newPassword: z.string().meta({ description: "At least 12 characters." }) })
  .meta({ id: "PasswordChange" });

export const SignInSchema = z.object({ username: z.string(), password: z.string() }).meta({ id: "SignIn" });

export const SessionSchema = z
  .object({ user: UserSchema, csrfToken: z.string().meta({ description: "Send as `x-csrf-token` on writes made with the session cookie." }) })
  .meta({ id: "Session" });

/** Path parameter schemas. */
export const AccountParams = z.object({ accountId: z.string() });
export const RunParams = z.object({ accountId: z.string(), runId: z.string() });
export const ErrorParams = z.object({ accountId: z.string(), errorId: z.string() });
export const UserParams = z.object({ userId: z.string() });
export const GrantParams = z.object({ userId: z.string(), accountId: z.string() });
export const TokenParams = z.object({ tokenId: z.string() });
