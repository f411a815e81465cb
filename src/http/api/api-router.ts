/**
 * One table of API routes that both registers the Hono handlers and generates the OpenAPI 3.1
 * document, so every route is documented and every documented route exists. Parameters, query
 * strings and bodies are validated with their zod schemas before the handler runs.
 */
import type { Context, Hono } from "hono";
import { z } from "zod";

import { apiAuth } from "../auth/api-auth.js";
import type { HttpEnv } from "../context.js";
import { HttpError } from "../http-error.js";
import { ErrorSchema } from "./schemas.js";

/** HTTP methods the API uses. */
export type ApiMethod = "get" | "post" | "put" | "patch" | "delete";

/** A documented answer. */
export interface ApiResponseSpec {
  readonly status: number;
  readonly description: string;
  /** JSON body schema; absent for an empty body. */
  readonly schema?: z.ZodType;
  /** @default "application/json" */
  readonly contentType?: string;
}

const EMPTY = z.object({});
type Empty = typeof EMPTY;

/** One route. Handlers return a `Response` (use `c.json`). */
export interface ApiRouteSpec<P extends z.ZodType = Empty, Q extends z.ZodType = Empty, B extends z.ZodType = Empty> {
  readonly method: ApiMethod;
  /** Hono path relative to `/api/v1`, e.g. `/accounts/:accountId`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** False for routes open without sign-in. @default true */
  readonly auth?: boolean;
  readonly params?: P;
  readonly query?: Q;
  /** JSON request body. */
  readonly body?: B;
  /** True when the body may be omitted. @default false */
  readonly bodyOptional?: boolean;
  /** Success answers; the error answers (400, 401, 404, …) are added for every route. */
  readonly responses: readonly ApiResponseSpec[];
  handler(c: Context<HttpEnv>, input: { readonly params: z.output<P>; readonly query: z.output<Q>; readonly body: z.output<B> | undefined }): Promise<Response>;
}

type AnyRoute = ApiRouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/** Prefix of the versioned API. */
export const API_PREFIX = "/api/v1";

function fail(where: string, error: z.ZodError): HttpError {
  const details = error.issues.map((i) => ({ field: i.path.length === 0 ? where : i.path.map(String).join("."), message: i.message }));
  return new HttpError("VALIDATION_FAILED", `Invalid ${where}: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`, { details });
}

async function readJson(c: Context<HttpEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  const type = c.req.header("content-type") ?? "";
  // A cross-site form cannot send application/json without a CORS preflight (which we never allow).
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw new HttpError("VALIDATION_FAILED", "Send the body as JSON with `Content-Type: application/json`.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError("VALIDATION_FAILED", "The body is not valid JSON.");
  }
}

/** Collects routes; `mount` registers them on a Hono app, `openApiPaths` documents them. */
export class ApiRouter {
  readonly routes: AnyRoute[] = [];

  /** Adds a route. */
  add<P extends z.ZodType = Empty, Q extends z.ZodType = Empty, B extends z.ZodType = Empty>(route: ApiRouteSpec<P, Q, B>): this {
    this.routes.push(route);
    return this;
  }

  /** Registers every route on `app` (paths relative to where `app` is mounted). */
  mount(app: Hono<HttpEnv>): void {
    for (const route of this.routes) {
      const handler = async (c: Context<HttpEnv>): Promise<Response> => {
        const params = (route.params ?? EMPTY).safeParse(c.req.param());
        if (!params.success) throw fail("path parameters", params.error);
        const query = (route.query ?? EMPTY).safeParse(c.req.query());
        if (!query.success) throw fail("query", query.error);
        let body: unknown;
        if (route.body !== undefined) {
          const raw = await readJson(c);
          if (raw === undefined && route.bodyOptional === true) body = undefined;
          else {
            const parsed = route.body.safeParse(raw ?? {});
            if (!parsed.success) throw fail("body", parsed.error);
            body = parsed.data;
          }
        }
        return route.handler(c, { params: params.data, query: query.data, body });
      };
      if (route.auth === false) app.on(route.method.toUpperCase(), route.path, handler);
      else app.on(route.method.toUpperCase(), route.path, apiAuth, handler);
    }
  }

  /** The OpenAPI `paths` object and the named schemas it references. */
  openApiPaths(): { readonly paths: Record<string, Record<string, unknown>>; readonly schemas: Record<string, unknown> } {
    const schemas: Record<string, unknown> = {};
    const toSchema = (schema: z.ZodType, io: "input" | "output"): unknown => jsonSchema(schema, io, schemas);
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.routes) {
      const path = `${API_PREFIX}${route.path}`.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      const parameters: unknown[] = [];
      for (const [where, schema] of [["path", route.params], ["query", route.query]] as const) {
        if (schema === undefined || !(schema instanceof z.ZodObject)) continue;
        const shape: Readonly<Record<string, z.ZodType>> = schema.shape;
        for (const [name, prop] of Object.entries(shape)) {
          const optional = prop.safeParse(undefined).success;
          const description = (prop.meta() as { description?: string } | undefined)?.description;
          parameters.push({ name, in: where, required: where === "path" || !optional, schema: toSchema(prop, "input"), ...(description === undefined ? {} : { description }) });
        }
      }
      const responses: Record<string, unknown> = {};
      for (const r of route.responses) {
        responses[String(r.status)] = { description: r.description, ...(r.schema === undefined ? {} : { content: { [r.contentType ?? "application/json"]: { schema: toSchema(r.schema, "output") } } }) };
      }
      const errorRef = { content: { "application/json": { schema: toSchema(ErrorSchema, "output") } } };
      const errors: Array<[string, string]> = [
        ...(route.body !== undefined || route.params !== undefined || route.query !== undefined ? [["400", "Invalid parameters or body (`VALIDATION_FAILED`)."] as [string, string]] : []),
        ...(route.auth === false ? [] : [["401", "No valid session or API token (`UNAUTHENTICATED`)."] as [string, string], ["403", "Needs an admin, or the CSRF header is missing on a cookie-authenticated write (`FORBIDDEN`)."] as [string, string]]),
        ...(route.params !== undefined ? [["404", "Not found, or not visible to you (`NOT_FOUND`)."] as [string, string]] : []),
        ...(route.body !== undefined ? [["413", "The body is larger than 1 MiB (`VALIDATION_FAILED`)."] as [string, string]] : []),
        ["500", "Server error (`INTERNAL`)."],
      ];
      for (const [status, description] of errors) if (responses[status] === undefined) responses[status] = { description, ...errorRef };
      const operation = {
        operationId: route.operationId,
        summary: route.summary,
        ...(route.description === undefined ? {} : { description: route.description }),
        tags: [...route.tags],
        ...(parameters.length === 0 ? {} : { parameters }),
        ...(route.body === undefined ? {} : { requestBody: { required: route.bodyOptional !== true, content: { "application/json": { schema: toSchema(route.body, "input") } } } }),
        responses,
        ...(route.auth === false ? { security: [] } : {}),
      };
      paths[path] = { ...(paths[path] ?? {}), [route.method]: operation };
    }
    return { paths, schemas };
  }
}

/** Points `#/$defs/X` references at `#/components/schemas/X`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = k === "$ref" && typeof v === "string" ? v.replace("#/$defs/", "#/components/schemas/") : rewriteRefs(v);
  return out;
}

/** JSON Schema (2020-12, what OpenAPI 3.1 uses) of `schema`; named sub-schemas (`.meta({ id })`) go to `components`. */
function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, unknown>): unknown {
  const converted = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<string, unknown>;
  const { $schema: _schema, $defs: defs, ...rest } = converted;
  if (defs !== null && typeof defs === "object") {
    for (const [id, def] of Object.entries(defs as Record<string, unknown>)) components[id] ??= rewriteRefs(def);
  }
  return rewriteRefs(rest);
}
