/**
 * The REST API's routes (`/api/v1`): the same jobs as the CLI — accounts, Login Info, doctor,
 * preferences, Sync Now, runs, errors and their fix actions — plus usage, users, grants, API
 * tokens and sign-in. Each handler validates through its schemas and calls one use-case.
 */
import { z } from "zod";

import { signIn } from "../auth/identity.js";
import { endSession, startSession } from "../auth/session.js";
import { HttpError } from "../http-error.js";
import * as svc from "../services/index.js";
import { ApiRouter } from "./api-router.js";
import {
  AccountDetailSchema,
  AccountParams,
  AccountSchema,
  AccountSummarySchema,
  ApiTokenSchema,
  ConnectionTestSchema,
  CreatedApiTokenSchema,
  DoctorResultSchema,
  ErrorSchema,
  ErrorParams,
  FixOutcomeSchema,
  FixRequestSchema,
  GrantParams,
  LoginInfoInputSchema,
  LoginInfoSchema,
  NewAccountSchema,
  NewApiTokenSchema,
  NewUserSchema,
  PasswordChangeSchema,
  PreferencesPatchSchema,
  PreferencesSchema,
  RecordErrorSchema,
  RunParams,
  RunRequestSchema,
  RunSchema,
  RunTicketSchema,
  SessionSchema,
  SignInSchema,
  TokenParams,
  UsageRowSchema,
  UserParams,
  UserSchema,
  UserViewSchema,
} from "./schemas.js";
import { runEventsStream } from "./sse.js";

const ok = (schema: z.ZodType, description = "OK", status = 200) => ({ status, description, schema });

/** Builds the API's route table. */
export function apiRoutes(): ApiRouter {
  const r = new ApiRouter();

  // ---- Session and identity -------------------------------------------------------------
  r.add({
    method: "post",
    path: "/session",
    operationId: "signIn",
    summary: "Sign in with a username and password (sets the session cookie)",
    description: "For browsers and first-time setup; scripts should use an API token instead. Answers the CSRF token that cookie-authenticated writes must send as `x-csrf-token`.",
    tags: ["Session"],
    auth: false,
    body: SignInSchema,
    responses: [ok(SessionSchema), { status: 429, description: "Too many failed sign-ins for this username (`TOO_MANY_REQUESTS`); wait and try again.", schema: ErrorSchema }],
    async handler(c, { body }) {
      const user = body === undefined ? undefined : await signIn(c.var.deps, body.username, body.password);
      if (user === undefined) throw new HttpError("UNAUTHENTICATED", "Wrong username or password.");
      const csrfToken = await startSession(c, user);
      return c.json({ user, csrfToken });
    },
  });
  r.add({
    method: "delete",
    path: "/session",
    operationId: "signOut",
    summary: "Sign out (ends the session of this cookie)",
    tags: ["Session"],
    responses: [{ status: 204, description: "Signed out." }],
    async handler(c) {
      await endSession(c);
      return c.body(null, 204);
    },
  });
  r.add({
    method: "get",
    path: "/me",
    operationId: "getMe",
    summary: "The signed-in user",
    tags: ["Session"],
    responses: [ok(UserSchema)],
    handler: (c) => Promise.resolve(c.json(c.var.user)),
  });
  r.add({
    method: "put",
    path: "/me/password",
    operationId: "changePassword",
    summary: "Change your password (ends your browser sessions; API tokens stay valid)",
    tags: ["Session"],
    body: PasswordChangeSchema,
    responses: [{ status: 204, description: "Changed; sign in again in the browser." }],
    async handler(c, { body }) {
      if (body === undefined) throw new HttpError("VALIDATION_FAILED", "A body is required.");
      await svc.changeOwnPassword(c.var.deps, c.var.user, body.currentPassword, body.newPassword);
      return c.body(null, 204);
    },
  });

  // ---- Accounts ----------------------------------------------------------------------------
  r.add({
    method: "get",
    path: "/accounts",
    operationId: "listAccounts",
    summary: "Accounts you may see, each with its newest run",
    tags: ["Accounts"],
    responses: [ok(z.array(AccountSummarySchema))],
    handler: async (c) => c.json(await svc.listAccountSummaries(c.var.deps, c.var.user)),
  });
  r.add({
    method: "post",
    path: "/accounts",
    operationId: "createAccount",
    summary: "Add an account with its Sage Intacct Login Info (admin)",
    tags: ["Accounts"],
    body: NewAccountSchema,
    responses: [ok(AccountSchema, "Created.", 201), { status: 409, description: "The id or platform organization already has an account (`ACCOUNT_EXISTS`)." }],
    async handler(c, { body }) {
      if (body === undefined) throw new HttpError("VALIDATION_FAILED", "A body is required.");
      return c.json(await svc.createAccount(c.var.deps, c.var.user, body), 201);
    },
  });
  r.add({
    method: "get",
    path: "/accounts/:accountId",
    operationId: "getAccount",
    summary: "One account with its newest run and open error count",
    tags: ["Accounts"],
    params: AccountParams,
    responses: [ok(AccountDetailSchema)],
    handler: async (c, { params }) => c.json(await svc.getAccountDetail(c.var.deps, c.var.user, params.accountId)),
  });
  r.add({
    method: "delete",
    path: "/accounts/:accountId",
    operationId: "deleteAccount",
    summary: "Remove an account and everything recorded for it (admin)",
    tags: ["Accounts"],
    params: AccountParams,
    responses: [{ status: 204, description: "Removed." }],
    async handler(c, { params }) {
      await svc.removeAccount(c.var.deps, c.var.user, params.accountId);
      return c.body(null, 204);
    },
  });

  // ---- Login Info --------------------------------------------------------------------------
  r.add({
    method: "get",
    path: "/accounts/:accountId/login-info",
    operationId: "getLoginInfo",
    summary: "The account's Sage Intacct Login Info (password masked)",
    tags: ["Login Info"],
    params: AccountParams,
    responses: [ok(LoginInfoSchema)],
    handler: async (c, { params }) => c.json(await svc.getLoginInfo(c.var.deps, c.var.user, params.accountId)),
  });
  r.add({
    method: "put",
    path: "/accounts/:accountId/login-info",
    operationId: "saveLoginInfo",
    summary: "Save the account's Login Info (Company ID, User ID, password, Entity ID)",
    tags: ["Login Info"],
    params: AccountParams,
    body: LoginInfoInputSchema,
    responses: [ok(LoginInfoSchema, "Saved (password masked).")],
    async handler(c, { params, body }) {
      if (body === undefined) throw new HttpError("VALIDATION_FAILED", "A body is required.");
      const saved = await svc.saveLoginInfo(c.var.deps, c.var.user, params.accountId, body);
      return c.json({ companyId: saved.companyId, userId: saved.userId, password: saved.password, entityId: saved.entityId });
    },
  });
  r.add({
    method: "post",
    path: "/accounts/:accountId/login-info/test",
    operationId: "testLoginInfo",
    summary: "Test Login Info: sign in to Intacct (and enter the entity), then sign out; stores nothing",
    description: "Without a body the stored Login Info is tested; with one, the typed Login Info (an empty password means the stored one).",
    tags: ["Login Info"],
    params: AccountParams,
    body: LoginInfoInputSchema,
    bodyOptional: true,
    responses: [ok(ConnectionTestSchema)],
    handler: async (c, { params, body }) => c.json(await svc.testConnection(c.var.deps, c.var.user, params.accountId, body)),
  });

  // ---- Doctor ------------------------------------------------------------------------------
  r.add({
    method: "post",
    path: "/accounts/:accountId/doctor",
    operationId: "runDoctor",
    summary: "Run the doctor's checks on the account (sender, login, user type, permissions, entity, accounts, periods)",
    tags: ["Doctor"],
    params: AccountParams,
    responses: [ok(DoctorResultSchema), { status: 501, description: "No Intacct sender configured (`NOT_IMPLEMENTED`)." }],
    handler: async (c, { params }) => c.json(await svc.runAccountDoctor(c.var.deps, c.var.user, params.accountId)),
  });
  r.add({
    method: "get",
    path: "/accounts/:accountId/doctor",
    operationId: "getDoctorResult",
    summary: "The newest doctor report of the account",
    tags: ["Doctor"],
    params: AccountParams,
    responses: [ok(DoctorResultSchema)],
    async handler(c, { params }) {
      const result = await svc.lastDoctorResult(c.var.deps, c.var.user, params.accountId);
      if (result === undefined) throw new HttpError("NOT_FOUND", `The doctor has not run on account ${JSON.stringify(params.accountId)} yet.`);
      return c.json(result);
    },
  });

  // ---- Preferences -------------------------------------------------------------------------
  r.add({
    method: "get",
    path: "/accounts/:accountId/preferences",
    operationId: "getPreferences",
    summary: "The account's sync preferences (defaults filled in)",
    tags: ["Preferences"],
    params: AccountParams,
    responses: [ok(PreferencesSchema)],
    handler: async (c, { params }) => c.json(await svc.getPreferences(c.var.deps, c.var.user, params.accountId)),
  });
  r.add({
    method: "patch",
    path: "/accounts/:accountId/preferences",
    operationId: "updatePreferences",
    summary: "Change some sync preferences (validated as a whole)",
    tags: ["Preferences"],
    params: AccountParams,
    body: PreferencesPatchSchema,
    responses: [ok(PreferencesSchema)],
    handler: async (c, { params, body }) => c.json(await svc.updatePreferences(c.var.deps, c.var.user, params.accountId, body ?? {})),
  });

  // ---- Runs --------------------------------------------------------------------------------
  r.add({
    method: "post",
    path: "/accounts/:accountId/runs",
    operationId: "syncNow",
    summary: "Sync Now: request a run (returns the active run when one is queued or running)",
    tags: ["Runs"],
    params: AccountParams,
    body: RunRequestSchema,
    bodyOptional: true,
    responses: [ok(RunTicketSchema, "Requested.", 202)],
    handler: async (c, { params, body }) => c.json(await svc.syncNow(c.var.deps, c.var.user, params.accountId, { reason: "api", ...(body?.kind === undefined ? {} : { kind: body.kind }) }), 202),
  });
  r.add({
    method: "get",
    path: "/accounts/:accountId/runs",
    operationId: "listRuns",
    summary: "Run history, newest first",
    tags: ["Runs"],
    params: AccountParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).optional().meta({ description: "Default 50." }) }),
    responses: [ok(z.array(RunSchema))],
    handler: async (c, { params, query }) => c.json(await svc.listRuns(c.var.deps, c.var.user, params.accountId, query.limit === undefined ? {} : { limit: query.limit })),
  });
  r.add({
    method: "get",
    path: "/accounts/:accountId/runs/:runId",
    operationId: "getRun",
    summary: "One run",
    tags: ["Runs"],
    params: RunParams,
    responses: [ok(RunSchema)],
    handler: async (c, { params }) => c.json(await svc.getRun(c.var.deps, c.var.user, params.accountId, params.runId)),
  });
  r.add({
    method: "get",
    path: "/accounts/:accountId/events",
    operationId: "streamRunEvents",
    summary: "Live progress of the account's runs (server-sent events)",
    description:
      "A `hello` event first (`{ accountId, activeRunId }`), then each run event as its own SSE event named by its `type` (`run-queued`, `run-started`, `read-progress`, `planned`, `apply-progress`, `operation-failed`, `run-finished`, `run-error`) with the event as JSON data, and a comment line every 15 s.",
    tags: ["Runs"],
    params: AccountParams,
    responses: [{ status: 200, description: "An event stream.", contentType: "text/event-stream", schema: z.string() }],
    handler: async (c, { params }) => runEventsStream(c, params.accountId),
  });

  // ---- Errors ------------------------------------------------------------------------------
  r.add({
    method: "get",
    path: "/accounts/:accountId/errors",
    operationId: "listRecordErrors",
    summary: "Per-record sync errors (open ones by default), oldest first",
    tags: ["Errors"],
    params: AccountParams,
    query: z.object({ status: z.enum(["open", "resolved", "ignored"]).optional().meta({ description: "Default `open`." }) }),
    responses: [ok(z.array(RecordErrorSchema))],
    handler: async (c, { params, query }) => c.json(await svc.listRecordErrors(c.var.deps, c.var.user, params.accountId, query.status === undefined ? {} : { status: query.status })),
  });
  r.add({
    method: "post",
    path: "/accounts/:accountId/errors/:errorId/fix",
    operationId: "fixRecordError",
    summary: "Apply a fix action to an open error (retry, skip-change, fixed-in-intacct)",
    tags: ["Errors"],
    params: ErrorParams,
    body: FixRequestSchema,
    responses: [ok(FixOutcomeSchema), { status: 422, description: "The error is closed or does not offer this action (`UNPROCESSABLE`)." }],
    async handler(c, { params, body }) {
      if (body === undefined) throw new HttpError("VALIDATION_FAILED", "A body is required.");
      return c.json(await svc.fixRecordError(c.var.deps, c.var.user, params.accountId, params.errorId, body.action));
    },
  });

  // ---- Usage -------------------------------------------------------------------------------
  r.add({
    method: "get",
    path: "/usage",
    operationId: "getApiUsage",
    summary: "Intacct API calls per Intacct company per month, against the monthly budget",
    tags: ["Usage"],
    query: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/).optional().meta({ description: "`YYYY-MM`; default all months." }) }),
    responses: [ok(z.array(UsageRowSchema))],
    handler: async (c, { query }) => c.json(await svc.apiUsage(c.var.deps, c.var.user, query.month === undefined ? {} : { month: query.month })),
  });

  // ---- Users and grants (admin) -------------------------------------------------------------
  r.add({
    method: "get",
    path: "/users",
    operationId: "listUsers",
    summary: "Users and their granted accounts (admin)",
    tags: ["Users"],
    responses: [ok(z.array(UserViewSchema))],
    handler: async (c) => c.json(await svc.listUsers(c.var.deps, c.var.user)),
  });
  r.add({
    method: "post",
    path: "/users",
    operationId: "createUser",
    summary: "Create a user (admin); members see only the accounts granted to them",
    tags: ["Users"],
    body: NewUserSchema,
    responses: [ok(UserViewSchema, "Created.", 201), { status: 409, description: "The username is taken (`CONFLICT`)." }],
    async handler(c, { body }) {
      if (body === undefined) throw new HttpError("VALIDATION_FAILED", "A body is required.");
      return c.json(await svc.createUser(c.var.deps, c.var.user, { username: body.username, password: body.password, ...(body.role === undefined ? {} : { role: body.role }) }), 201);
    },
  });
  r.add({
    method: "delete",
    path: "/users/:userId",
    operationId: "deleteUser",
    summary: "Remove a user with their tokens and sessions (admin)",
    tags: ["Users"],
    params: UserParams,
    responses: [{ status: 204, description: "Removed." }],
    async handler(c, { params }) {
      await svc.removeUser(c.var.deps, c.var.user, params.userId);
      return c.body(null, 204);
    },
  });
  r.add({
    method: "put",
    path: "/users/:userId/accounts/:accountId",
    operationId: "grantAccount",
    summary: "Grant an account to a user (admin)",
    tags: ["Users"],
    params: GrantParams,
    responses: [ok(UserViewSchema)],
    handler: async (c, { params }) => c.json(await svc.grantAccount(c.var.deps, c.var.user, params.userId, params.accountId)),
  });
  r.add({
    method: "delete",
    path: "/users/:userId/accounts/:accountId",
    operationId: "revokeAccount",
    summary: "Revoke a user's grant of an account (admin)",
    tags: ["Users"],
    params: GrantParams,
    responses: [ok(UserViewSchema)],
    handler: async (c, { params }) => c.json(await svc.revokeAccount(c.var.deps, c.var.user, params.userId, params.accountId)),
  });

  // ---- API tokens --------------------------------------------------------------------------
  r.add({
    method: "get",
    path: "/tokens",
    operationId: "listApiTokens",
    summary: "Your API tokens (never the token itself)",
    tags: ["API tokens"],
    responses: [ok(z.array(ApiTokenSchema))],
    handler: async (c) => c.json(await svc.listApiTokens(c.var.deps, c.var.user)),
  });
  r.add({
    method: "post",
    path: "/tokens",
    operationId: "createApiToken",
    summary: "Create an API token; the answer holds the token, shown this once",
    tags: ["API tokens"],
    body: NewApiTokenSchema,
    responses: [ok(CreatedApiTokenSchema, "Created.", 201)],
    async handler(c, { body }) {
      if (body === undefined) throw new HttpError("VALIDATION_FAILED", "A body is required.");
      return c.json(await svc.createApiToken(c.var.deps, c.var.user, body.name), 201);
    },
  });
  r.add({
    method: "delete",
    path: "/tokens/:tokenId",
    operationId: "revokeApiToken",
    summary: "Revoke one of your API tokens",
    tags: ["API tokens"],
    params: TokenParams,
    responses: [ok(ApiTokenSchema)],
    handler: async (c, { params }) => c.json(await svc.revokeApiToken(c.var.deps, c.var.user, params.tokenId)),
  });

  return r;
}
