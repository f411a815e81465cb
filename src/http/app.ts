/**
 * The service's composition root over HTTP: one Hono app holding the REST API (`/api/v1`), its
 * OpenAPI document (`/api/openapi.json`) and docs page (`/api/docs`), and the server-rendered
 * pages (`src/http/ui`). Tests call it in-process with `app.request`; `intacct-sync serve` hands
 * it to `@hono/node-server`.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";

import { apiRoutes } from "./api/routes.js";
import { API_PREFIX, type ApiRouter } from "./api/api-router.js";
import { buildOpenApiDocument, renderApiDocs } from "./api/openapi.js";
import type { HttpDeps, HttpEnv } from "./context.js";
import { apiErrorHandler, toErrorResponse } from "./error-handler.js";

/** Largest request body the API reads, bytes (its bodies are small JSON objects). */
export const API_BODY_LIMIT_BYTES = 1024 * 1024;

/** Version shown in the OpenAPI document. */
export const API_VERSION = "0.1.0";

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /**
   * The pages, mounted at `/` after the API (`uiRoutes(deps)` from `src/http/ui/routes.tsx`).
   * @default none: only the API is served
   */
  readonly ui?: Hono<HttpEnv>;
}

/** The API route table (exported for the OpenAPI tests). */
export function createApiRouter(): ApiRouter {
  return apiRoutes();
}

/**
 * Builds the app.
 *
 * @example
 * const app = createHttpApp(deps, { ui: uiRoutes(deps) });
 * const res = await app.request("/api/v1/accounts", { headers: { authorization: `Bearer ${token}` } });
 */
export function createHttpApp(deps: HttpDeps, options: HttpAppOptions = {}): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
    // No framing (clickjacking of the forms), no MIME sniffing, no full URLs in Referer.
    c.header("X-Frame-Options", "DENY");
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
  });

  const router = createApiRouter();
  const document = buildOpenApiDocument(router, { version: API_VERSION, serverUrl: deps.settings.publicUrl });
  const docsPage = renderApiDocs(document);

  const api = new Hono<HttpEnv>();
  api.use(bodyLimit({ maxSize: API_BODY_LIMIT_BYTES, onError: (c) => c.json({ error: { code: "VALIDATION_FAILED", message: `The body is larger than ${API_BODY_LIMIT_BYTES} bytes.` } }, 413) }));
  router.mount(api);
  api.onError(apiErrorHandler);
  app.route(API_PREFIX, api);
  app.get("/api/openapi.json", (c) => c.json(document));
  app.get("/api/docs", (c) => c.html(docsPage));

  if (options.ui !== undefined) app.route("/", options.ui);

  app.notFound((c) => {
    if (c.req.path === "/api" || c.req.path.startsWith("/api/")) return c.json({ error: { code: "NOT_FOUND", message: `No route ${c.req.method} ${c.req.path}.` } }, 404);
    return c.text("Not found.", 404);
  });
  app.onError((e, c) => {
    if (c.req.path.startsWith("/api/")) return apiErrorHandler(e, c);
    const { status, body } = toErrorResponse(e);
    if (status === 500) deps.logger.log({ level: "error", event: "http.error", message: e.message, scope: { component: "http" }, fields: { method: c.req.method, path: c.req.path } });
    return c.text(body.error.message, status);
  });
  return app;
}
