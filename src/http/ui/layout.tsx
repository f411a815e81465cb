/**
 * Page frame of the web UI: plain, accessible HTML (a skip link, banner, navigation, main
 * landmark, one `h1`), the one style sheet and the one script. Notices are `role="status"`,
 * errors `role="alert"`.
 */
import type { Child } from "hono/jsx";

import { CSS_PATH, JS_PATH } from "./assets.js";

/** Who is signed in, as the frame shows it. */
export interface FrameUser {
  /** Shown in the banner. */
  readonly name: string;
  readonly isAdmin: boolean;
}

/** Props of {@link Page}. */
export interface PageProps {
  readonly title: string;
  /** Signed-in user; absent on the sign-in page. */
  readonly user?: FrameUser | undefined;
  /** CSRF token for the sign-out form (required when `user` is set). */
  readonly csrf?: string | undefined;
  /** Which top navigation link is current. */
  readonly section?: "accounts" | "usage" | undefined;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** Refresh the page every N seconds when JavaScript is off (a run in progress). */
  readonly noscriptRefreshSeconds?: number | undefined;
  readonly children?: Child;
}

/** The page frame. */
export function Page(props: PageProps) {
  const current = (s: PageProps["section"]) => (props.section === s ? { "aria-current": "page" as const } : {});
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{`${props.title} · intacct-sync`}</title>
        <link rel="stylesheet" href={CSS_PATH} />
        <script src={JS_PATH} defer></script>
        {props.noscriptRefreshSeconds === undefined ? null : (
          <noscript>
            <meta http-equiv="refresh" content={String(props.noscriptRefreshSeconds)} />
          </noscript>
        )}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            intacct-sync
          </a>
          {props.user === undefined ? null : (
            <nav aria-label="Main">
              <ul>
                <li>
                  <a href="/" {...current("accounts")}>
                    Accounts
                  </a>
                </li>
                <li>
                  <a href="/usage" {...current("usage")}>
                    API usage
                  </a>
                </li>
              </ul>
            </nav>
          )}
          {props.user === undefined ? null : (
            <div class="who">
              <span>{`Signed in as ${props.user.name}${props.user.isAdmin ? " (administrator)" : ""}`}</span>
              <form method="post" action="/logout" class="inline">
                <input type="hidden" name="_csrf" value={props.csrf ?? ""} />
                <button type="submit">Sign out</button>
              </form>
            </div>
          )}
        </header>
        <main id="main">
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

/** The pages of one account. */
export type AccountTab = "status" | "login-info" | "doctor" | "preferences";

/** URL of an account page. */
export function accountPath(accountId: string, tab: AccountTab = "status"): string {
  const base = `/accounts/${encodeURIComponent(accountId)}`;
  return tab === "status" ? base : `${base}/${tab}`;
}

/** The account's own navigation (Status, Login Info, Doctor, Preferences). */
export function AccountNav(props: { readonly accountId: string; readonly accountName: string; readonly current: AccountTab }) {
  const tabs: ReadonlyArray<readonly [AccountTab, string]> = [
    ["status", "Sync status"],
    ["login-info", "Sage Intacct Login Info"],
    ["doctor", "Doctor"],
    ["preferences", "Preferences"],
  ];
  return (
    <nav class="account" aria-label={`Account ${props.accountName}`}>
      <ul>
        {tabs.map(([tab, label]) => (
          <li>
            <a href={accountPath(props.accountId, tab)} {...(tab === props.current ? { "aria-current": "page" as const } : {})}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A status word with a shape and colour; the word alone carries the meaning. */
export function Badge(props: { readonly status: string }) {
  const s = props.status;
  const kind = s === "succeeded" || s === "pass" || s === "ok" ? "ok" : s === "failed" || s === "fail" || s === "open" ? "bad" : s === "warn" || s === "running" || s === "queued" ? "warn" : "idle";
  const mark = kind === "ok" ? "✓ " : kind === "bad" ? "✗ " : kind === "warn" ? "! " : "";
  return (
    <span class={`badge ${kind}`}>
      <span aria-hidden="true">{mark}</span>
      {s}
    </span>
  );
}
