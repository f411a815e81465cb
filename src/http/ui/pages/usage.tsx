/** API usage per Sage Intacct company per month against the monthly budget. */
import { type FrameUser, Page } from "../layout.js";

/** One company's usage in one month. */
export interface UsageRow {
  readonly companyId: string;
  /** `YYYY-MM`. */
  readonly month: string;
  /** API calls (Intacct counts transactions per function; see the service's note). */
  readonly calls: number;
  /** The monthly budget of calls for the company. */
  readonly budget: number;
}

/** Props of {@link UsagePage}. */
export interface UsagePageProps {
  readonly user: FrameUser;
  readonly csrf: string;
  readonly rows: readonly UsageRow[];
  /** What a "call" counts, one sentence. */
  readonly note?: string | undefined;
}

const fmt = new Intl.NumberFormat("en-US");

/** `/usage`. */
export function UsagePage(props: UsagePageProps) {
  return (
    <Page title="API usage" user={props.user} csrf={props.csrf} section="usage">
      <p>Sage Intacct API calls per company and month, against the monthly budget set for the service.{props.note === undefined ? "" : ` ${props.note}`}</p>
      {props.rows.length === 0 ? (
        <p>No API calls recorded yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Company ID</th>
              <th scope="col">Month</th>
              <th scope="col">Calls</th>
              <th scope="col">Monthly budget</th>
              <th scope="col">Used</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => {
              const percent = r.budget > 0 ? Math.round((r.calls / r.budget) * 1000) / 10 : 0;
              const id = `usage-${r.companyId}-${r.month}`.replace(/[^A-Za-z0-9_-]/g, "_");
              const over = r.budget > 0 && r.calls > r.budget;
              return (
                <tr>
                  <th scope="row" id={`${id}-co`}>
                    {r.companyId}
                  </th>
                  <td id={`${id}-m`}>{r.month}</td>
                  <td>{fmt.format(r.calls)}</td>
                  <td>{r.budget > 0 ? fmt.format(r.budget) : "no budget set"}</td>
                  <td>
                    <progress max={Math.max(1, r.budget)} value={Math.min(r.calls, Math.max(1, r.budget))} aria-labelledby={`${id}-co ${id}-m`} aria-describedby={`${id}-t`}>
                      {`${percent}%`}
                    </progress>
                    <div id={`${id}-t`}>{`${fmt.format(r.calls)} of ${r.budget > 0 ? fmt.format(r.budget) : "—"} calls (${percent}%)${over ? " — over budget" : ""}`}</div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Page>
  );
}
