/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the route table and its zod schemas, and
 * a server-rendered docs page (no script, no CDN: the service may run where nothing outside the
 * machine is reachable).
 */
import type { ApiRouter } from "./api-router.js";

/** Builds the OpenAPI document. */
export function buildOpenApiDocument(router: ApiRouter, options: { readonly version: string; readonly serverUrl?: string | undefined }): Record<string, unknown> {
  const { paths, schemas } = router.openApiPaths();
  return {
    openapi: "3.1.0",
    info: {
      title: "intacct-sync API",
      version: options.version,
      description:
        "Accounts, Sage Intacct Login Info, the doctor, preferences, Sync Now, runs, per-record errors and their fix actions, API usage, users and API tokens. Authenticate with `Authorization: Bearer <token>` (create a token on the Tokens page or with `POST /api/v1/tokens`) or with the session cookie plus the `x-csrf-token` header on writes. Errors are `{ \"error\": { \"code\", \"message\" } }`. Accounts you may not see answer 404.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    tags: [...new Set(router.routes.flatMap((r) => r.tags))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API token (`isk_…`)." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "isync_session", description: "The browser session; writes also need the `x-csrf-token` header." },
      },
    },
  };
}

const METHOD_ORDER = ["get", "post", "put", "patch", "delete"];

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function json(value: unknown): string {
  return escapeHtml(JSON.stringify(value, null, 2));
}

/** The docs page: every operation with its parameters and schemas (all text escaped). */
export function renderApiDocs(document: Record<string, unknown>): string {
  const paths = document["paths"] as Record<string, Record<string, Record<string, unknown>>>;
  const info = document["info"] as { title: string; version: string; description: string };
  const ops = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .sort(([a], [b]) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b))
      .map(([method, op]) => ({ path, method, op, id: escapeHtml(String(op["operationId"])), summary: escapeHtml(String(op["summary"])) })),
  );
  const sections = ops
    .map(
      ({ path, method, op, id, summary }) => `<section id="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h"><code class="m-${method}">${method.toUpperCase()}</code> <code>${escapeHtml(path)}</code></h3>
<p>${summary}</p>
${typeof op["description"] === "string" ? `<p>${escapeHtml(op["description"])}</p>` : ""}
${op["parameters"] === undefined ? "" : `<h4>Parameters</h4><pre>${json(op["parameters"])}</pre>`}
${op["requestBody"] === undefined ? "" : `<h4>Request body</h4><pre>${json(op["requestBody"])}</pre>`}
<h4>Responses</h4><pre>${json(op["responses"])}</pre>
</section>`,
    )
    .join("\n");
  const toc = ops.map(({ path, method, id, summary }) => `<li><a href="#${id}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a> — ${summary}</li>`).join("\n");
  const title = `${escapeHtml(info.title)} ${escapeHtml(info.version)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.45;color:#1b1b1b}
pre{background:#f4f4f4;padding:.75rem;overflow:auto;font-size:.85rem}
section{border-top:1px solid #ddd;padding-top:.5rem}
.m-get{color:#0b5394}.m-post{color:#38761d}.m-put,.m-patch{color:#7f6000}.m-delete{color:#990000}
</style>
</head>
<body>
<header><h1>${title}</h1>
<p>${escapeHtml(info.description)}</p>
<p>The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p></header>
<main>
<h2>Operations</h2>
<ul>
${toc}
</ul>
${sections}
<h2 id="schemas">Schemas</h2>
<pre>${json((document["components"] as Record<string, unknown>)["schemas"])}</pre>
</main>
</body>
</html>
`;
}
