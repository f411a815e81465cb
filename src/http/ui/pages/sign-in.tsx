/** The sign-in page. */
import { Page } from "../layout.js";

/** Props of {@link SignInPage}. */
export interface SignInPageProps {
  readonly csrf: string;
  /** Where to go after signing in (a local path). */
  readonly next?: string | undefined;
  /** The name typed last time (after a failed attempt). */
  readonly username?: string | undefined;
  readonly error?: string | undefined;
  readonly notice?: string | undefined;
  /**
   * Shown while no one has signed in yet: where the first admin's password was printed, e.g.
   * "in the output of `intacct-sync serve` when it first started".
   */
  readonly firstRunHint?: string | undefined;
}

/** Sign in with a user name and password. */
export function SignInPage(props: SignInPageProps) {
  return (
    <Page title="Sign in" error={props.error} notice={props.notice}>
      {props.firstRunHint === undefined ? null : (
        <section aria-labelledby="first-run" class="notice">
          <h2 id="first-run">First sign-in</h2>
          <p>{props.firstRunHint}</p>
        </section>
      )}
      <form method="post" action="/login" class="stack">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.next === undefined ? null : <input type="hidden" name="next" value={props.next} />}
        <label for="username">User name</label>
        <input type="text" id="username" name="username" autocomplete="username" required value={props.username ?? ""} />
        <label for="password">Password</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required />
        <div class="actions">
          <button type="submit">Sign in</button>
        </div>
      </form>
    </Page>
  );
}
