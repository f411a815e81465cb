/**
 * Test helpers of the web UI (tests only): users in the store, a cookie jar for `app.request`,
 * signing in through the real sign-in form, and reading the CSRF token of a page.
 */
import { randomUUID } from "node:crypto";

import type { Hono } from "hono";

import type { UserRole } from "../../store/auth-repositories.js";
import type { Store } from "../../store/port.js";
import { hashPassword } from "../auth/passwords.js";
import type { AuthUser, HttpEnv } from "../context.js";

/** Creates a user with a password. */
export async function addUser(store: Store, username: string, password: string, role: UserRole): Promise<AuthUser> {
  const u = await store.auth.users.create({ id: randomUUID(), username, passwordHash: await hashPassword(password), role });
  return { id: u.id, username: u.username, role: u.role };
}

/** The value of the first `name="_csrf"` field of a page. */
function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]*)"/.exec(html);
  if (m?.[1] === undefined || m[1] === "") throw new Error("the page has no CSRF field");
  return m[1];
}

/** A browser's cookies for `app.request`. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** The `cookie` header to send. */
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Takes the `set-cookie` headers of a response (an expired or empty cookie is removed). */
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (value === "" || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}

/** A client of the app that keeps cookies, like a browser with redirects off. */
export class PageClient {
  readonly jar = new CookieJar();

  constructor(private readonly app: Hono<HttpEnv>) {}

  /** GET a path. */
  async get(path: string): Promise<Response> {
    const res = await this.app.request(path, { headers: { cookie: this.jar.header() } });
    this.jar.take(res);
    return res;
  }

  /** POST a form. */
  async post(path: string, form: Readonly<Record<string, string>>): Promise<Response> {
    const res = await this.app.request(path, {
      method: "POST",
      headers: { cookie: this.jar.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    this.jar.take(res);
    return res;
  }

  /** The CSRF token of a page. */
  async csrf(path: string): Promise<string> {
    return csrfOf(await (await this.get(path)).text());
  }

  /** Signs in through `/login`; throws when refused. */
  async signIn(username: string, password: string): Promise<void> {
    const token = await this.csrf("/login");
    const res = await this.post("/login", { _csrf: token, username, password });
    if (res.status !== 303) throw new Error(`sign-in as ${username} answered ${res.status}`);
  }
}
