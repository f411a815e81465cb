/** The accounts list: every account the user may see, with its last sync. */
import type { RunRecord } from "../../../store/port.js";
import { accountPath, Badge, type FrameUser, Page } from "../layout.js";
import { formatTime, runCountsText } from "../run-text.js";

/** One row of the list. */
export interface AccountRow {
  readonly id: string;
  readonly name: string;
  readonly companyId: string;
  /** `""` = top level. */
  readonly entityId: string;
  /** Newest sync run, if any. */
  readonly lastRun?: RunRecord | undefined;
}

/** Props of {@link AccountsPage}. */
export interface AccountsPageProps {
  readonly user: FrameUser;
  readonly csrf: string;
  readonly accounts: readonly AccountRow[];
  readonly notice?: string | undefined;
}

/** `/`: the accounts and their last sync. */
export function AccountsPage(props: AccountsPageProps) {
  return (
    <Page title="Accounts" user={props.user} csrf={props.csrf} section="accounts" notice={props.notice}>
      {props.accounts.length === 0 ? (
        <p>{props.user.isAdmin ? "No accounts yet. Add one with `intacct-sync accounts add` or the REST API." : "No account is shared with you yet. Ask an admin to grant you one."}</p>
      ) : (
        <table>
          <caption class="muted">Each BILL account syncs with one Sage Intacct company, at its top level or at one entity.</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Company ID</th>
              <th scope="col">Entity ID</th>
              <th scope="col">Last sync</th>
              <th scope="col">When</th>
              <th scope="col">Records</th>
            </tr>
          </thead>
          <tbody>
            {props.accounts.map((a) => (
              <tr>
                <th scope="row">
                  <a href={accountPath(a.id)}>{a.name}</a>
                </th>
                <td>{a.companyId}</td>
                <td>{a.entityId === "" ? <span class="muted">top level</span> : a.entityId}</td>
                <td>{a.lastRun === undefined ? <span class="muted">never synced</span> : <Badge status={a.lastRun.status} />}</td>
                <td>{a.lastRun === undefined ? "—" : <time datetime={a.lastRun.finishedAt ?? a.lastRun.startedAt}>{formatTime(a.lastRun.finishedAt ?? a.lastRun.startedAt)}</time>}</td>
                <td>{a.lastRun === undefined ? "—" : runCountsText(a.lastRun)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
