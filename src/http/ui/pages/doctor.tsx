/**
 * The doctor's checklist: every check with its verdict in words, what was found, and for each
 * failed or warned check the exact fix (menu path and setting, in the setup guide's words).
 */
import type { CheckResult, DoctorReport } from "../../../doctor/check.js";
import { AccountNav, accountPath, Badge, type FrameUser, Page } from "../layout.js";
import { formatTime } from "../run-text.js";

/** Props of {@link DoctorPage}. */
export interface DoctorPageProps {
  readonly user: FrameUser;
  readonly csrf: string;
  readonly account: { readonly id: string; readonly name: string };
  /** The latest report, if the doctor ran. */
  readonly report?: DoctorReport | undefined;
  /** When the report was made (ISO). */
  readonly checkedAt?: string | undefined;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
}

/** URL of "Run doctor". */
function doctorAction(accountId: string): string {
  return `${accountPath(accountId, "doctor")}/run`;
}

const ORDER: Readonly<Record<CheckResult["status"], number>> = { fail: 0, warn: 1, skipped: 2, pass: 3 };

/** `/accounts/:id/doctor`. */
export function DoctorPage(props: DoctorPageProps) {
  const r = props.report;
  const failed = r?.checks.filter((c) => c.status === "fail").length ?? 0;
  const warned = r?.checks.filter((c) => c.status === "warn").length ?? 0;
  const passed = r?.checks.filter((c) => c.status === "pass").length ?? 0;
  const checks = r === undefined ? [] : [...r.checks].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return (
    <Page title={`Doctor · ${props.account.name}`} user={props.user} csrf={props.csrf} section="accounts" notice={props.notice} error={props.error}>
      <AccountNav accountId={props.account.id} accountName={props.account.name} current="doctor" />
      <p>The doctor signs in as the sync user and checks, through the API, everything the setup guide asks for and what breaks syncs in practice.</p>
      <form method="post" action={doctorAction(props.account.id)}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <button type="submit">Run doctor</button>
      </form>
      {r === undefined ? (
        <p class="muted">The doctor has not run for this account yet.</p>
      ) : (
        <section aria-labelledby="checklist">
          <h2 id="checklist">Checklist</h2>
          <p role="status" id="doctor-summary">
            {r.ok ? "All required checks passed" : `${failed} ${failed === 1 ? "check failed" : "checks failed"}`}
            {`: ${passed} passed, ${failed} failed, ${warned} ${warned === 1 ? "warning" : "warnings"}`}
            {props.checkedAt === undefined ? "" : ` (checked ${formatTime(props.checkedAt)})`}
            {`. Company ID ${r.target.companyId}, User ID ${r.target.userId}, ${r.target.entityId === "" ? "top level" : `Entity ID ${r.target.entityId}`}.`}
          </p>
          <ol class="checks">
            {checks.map((c) => (
              <li data-check={c.id} data-status={c.status}>
                <Badge status={c.status} /> <strong id={`check-${c.id}`}>{c.title}</strong>
                <div>{c.message}</div>
                {c.fix === undefined ? null : (
                  <p class="fix">
                    <strong>Fix: </strong>
                    {c.fix}
                  </p>
                )}
                {c.evidence === undefined || c.evidence.length === 0 ? null : (
                  <details>
                    <summary>Evidence</summary>
                    <ul>
                      {c.evidence.map((e) => (
                        <li>{e}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </Page>
  );
}
