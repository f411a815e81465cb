/**
 * The Sage Intacct Login Info page, in BILL's wording (Settings → Sync → Setup → Login Info;
 * `bill-intacct-sync.md` §1.2): Company ID, User ID, password, Entity ID, Save and Test
 * connection. The password is never sent back to the browser: the field stays empty and its
 * placeholder says whether one is set.
 */
import type { ConnectionTest } from "../../../connections/connector-port.js";
import { AccountNav, accountPath, type FrameUser, Page } from "../layout.js";

/** The Login Info shown in the form (no password). */
export interface LoginInfoFields {
  readonly companyId: string;
  readonly userId: string;
  readonly entityId: string;
}

/** Props of {@link LoginInfoPage}. */
export interface LoginInfoPageProps {
  readonly user: FrameUser;
  readonly csrf: string;
  readonly account: { readonly id: string; readonly name: string };
  readonly fields: LoginInfoFields;
  /** True when a password is stored for the account. */
  readonly passwordSet: boolean;
  /** Result of "Test connection", when one was just run. */
  readonly test?: ConnectionTest | undefined;
  /** Problems with what was typed, per field. */
  readonly problems?: ReadonlyArray<{ readonly field: string; readonly message: string }> | undefined;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
}

/** URL the form posts to; `…/test` runs "Test connection". */
function loginInfoAction(accountId: string, test = false): string {
  return `${accountPath(accountId, "login-info")}${test ? "/test" : ""}`;
}

/** `/accounts/:id/login-info`. */
export function LoginInfoPage(props: LoginInfoPageProps) {
  const problem = (field: string) => props.problems?.find((p) => p.field === field)?.message;
  const described = (field: string, hint: string) => (problem(field) === undefined ? hint : `${hint} ${field}-problem`);
  const Problem = (p: { readonly field: string }) => {
    const m = problem(p.field);
    return m === undefined ? null : (
      <span class="hint error" id={`${p.field}-problem`}>
        {m}
      </span>
    );
  };
  return (
    <Page title={`Sage Intacct Login Info · ${props.account.name}`} user={props.user} csrf={props.csrf} section="accounts" notice={props.notice} error={props.error}>
      <AccountNav accountId={props.account.id} accountName={props.account.name} current="login-info" />
      <p>Enter the credentials of the Web Services sync user created in Sage Intacct at the Root/Top Level (Company &gt; Web Services Users).</p>
      <form method="post" action={loginInfoAction(props.account.id)} class="stack" aria-label="Sage Intacct Login Info">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label for="companyId">Company ID</label>
        <span class="hint" id="companyId-hint">
          As in Sage Intacct under Company &gt; Company Info.
        </span>
        <Problem field="companyId" />
        <input type="text" id="companyId" name="companyId" required autocomplete="off" value={props.fields.companyId} aria-describedby={described("companyId", "companyId-hint")} aria-invalid={problem("companyId") === undefined ? "false" : "true"} />

        <label for="userId">User ID</label>
        <span class="hint" id="userId-hint">
          The Web Services sync user, e.g. XML_Bill.com.
        </span>
        <Problem field="userId" />
        <input type="text" id="userId" name="userId" required autocomplete="off" value={props.fields.userId} aria-describedby={described("userId", "userId-hint")} aria-invalid={problem("userId") === undefined ? "false" : "true"} />

        <label for="password">Password</label>
        <span class="hint" id="password-hint">
          {props.passwordSet ? "A password is saved. Leave blank to keep it; enter it again if it was reset in Sage Intacct." : "The sync user's password (from the e-mail with the temporary password, once changed)."}
        </span>
        <Problem field="password" />
        <input
          type="password"
          id="password"
          name="password"
          autocomplete="new-password"
          placeholder={props.passwordSet ? "•••••••• (saved)" : "not set"}
          {...(props.passwordSet ? {} : { required: true })}
          aria-describedby={described("password", "password-hint")}
          aria-invalid={problem("password") === undefined ? "false" : "true"}
        />

        <label for="entityId">Entity ID</label>
        <span class="hint" id="entityId-hint">
          Optional. Leave blank for a single-entity company or to sync at the top level; enter the Entity ID (Company &gt; Entities) to sync this account with one entity.
        </span>
        <Problem field="entityId" />
        <input type="text" id="entityId" name="entityId" autocomplete="off" value={props.fields.entityId} aria-describedby={described("entityId", "entityId-hint")} aria-invalid={problem("entityId") === undefined ? "false" : "true"} />

        <div class="actions">
          <button type="submit">Save</button>
          <button type="submit" class="secondary" formaction={loginInfoAction(props.account.id, true)}>
            Test connection
          </button>
        </div>
      </form>
      {props.test === undefined ? null : (
        <section aria-labelledby="test-result">
          <h2 id="test-result">Test connection</h2>
          <p class={props.test.ok ? "notice" : "error"} role={props.test.ok ? "status" : "alert"}>
            {props.test.ok ? "Connection succeeded: " : `Connection failed${props.test.code === undefined ? "" : ` (${props.test.code})`}: `}
            {props.test.message}
          </p>
        </section>
      )}
    </Page>
  );
}
