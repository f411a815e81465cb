/**
 * Page frame of the sandbox console: plain, accessible HTML (landmarks, labelled controls, a
 * breadcrumb that spells the guide's menu path, e.g. "Company > Web Services Users > Add").
 */
import type { Child } from "hono/jsx";

/** One breadcrumb step. */
export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

/** Console URL of a company page. */
export function companyPath(companyId: string, rest = ""): string {
  return `/console/c/${encodeURIComponent(companyId)}${rest}`;
}

const CSS = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
header{background:#0b3d63;color:#fff;padding:.6rem 1.2rem}header a{color:#fff}
nav.menu{background:#e8edf2;padding:.4rem 1.2rem}nav.menu a{margin-right:1rem}
main{padding:1rem 1.2rem;max-width:70rem}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #ccd3da;padding:.3rem .6rem;text-align:left;vertical-align:top}
fieldset{background:#fff;border:1px solid #ccd3da;margin:0 0 1rem}label{display:block;margin:.3rem 0}
.notice{background:#e6f4ea;border:1px solid #8bc49a;padding:.5rem .8rem}.error{background:#fdecea;border:1px solid #e3a39b;padding:.5rem .8rem}
pre{background:#fff;border:1px solid #ccd3da;padding:.6rem;white-space:pre-wrap}
button{padding:.3rem .9rem}
`;

/** The page frame. */
export function Page(props: { readonly title: string; readonly crumbs: readonly Crumb[]; readonly companyId?: string | undefined; readonly notice?: string | undefined; readonly error?: string | undefined; readonly children?: Child }) {
  const co = props.companyId;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{`${props.title} · Intacct sandbox console`}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <header>
          <a href="/console">Intacct sandbox console</a>
          {co === undefined ? null : <span>{` · Company ${co}`}</span>}
        </header>
        {co === undefined ? null : (
          <nav class="menu" aria-label="Company menu">
            <strong>Company</strong>: <a href={companyPath(co)}>Company Info</a>
            <a href={companyPath(co, "/web-services-users")}>Web Services Users</a>
            <a href={companyPath(co, "/roles")}>Roles</a>
            <a href={companyPath(co, "/entities")}>Entities</a>
            <a href={companyPath(co, "/setup/security/web-services-authorizations")}>Setup &gt; Security &gt; Web Services authorizations</a>
            <a href={companyPath(co, "/outbox")}>Outbox (e-mail)</a>
          </nav>
        )}
        <main>
          <nav aria-label="Breadcrumb">
            {props.crumbs.map((c, i) => (
              <span>
                {i > 0 ? " > " : ""}
                {c.href === undefined ? c.label : <a href={c.href}>{c.label}</a>}
              </span>
            ))}
          </nav>
          <h1>{props.title}</h1>
          {props.notice === undefined ? null : (
            <p class="notice" role="status">
              {props.notice}
            </p>
          )}
          {props.error === undefined ? null : (
            <p class="error" role="alert">
              {props.error}
            </p>
          )}
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** Breadcrumbs starting at "Company" for a company. */
export function companyCrumbs(companyId: string, ...rest: Crumb[]): Crumb[] {
  return [{ label: "Company", href: companyPath(companyId) }, ...rest];
}
