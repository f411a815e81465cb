/**
 * The sync status of one account: its last run, Sync Now with live progress (server-sent events;
 * without JavaScript the page refreshes itself while a run is active), the open per-record errors
 * with their fix actions, and the run history.
 */
import type { RecordErrorRecord, RunRecord } from "../../../store/port.js";
import { AccountNav, accountPath, Badge, type FrameUser, Page } from "../layout.js";
import { fixActionLabel, formatTime, objectLabel, runCountsText, runErrorText, shortRunId } from "../run-text.js";

/** Props of {@link StatusPage}. */
export interface StatusPageProps {
  readonly user: FrameUser;
  readonly csrf: string;
  readonly account: { readonly id: string; readonly name: string; readonly companyId: string; readonly entityId: string };
  /** Runs, newest first. */
  readonly runs: readonly RunRecord[];
  /** Id of the queued or running run, if any. */
  readonly activeRunId?: string | undefined;
  /** Open per-record errors, oldest first. */
  readonly errors: readonly RecordErrorRecord[];
  /** URL of the account's server-sent events. */
  readonly eventsUrl: string;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
}

/** URL of Sync Now. */
function syncNowAction(accountId: string): string {
  return `${accountPath(accountId)}/sync`;
}

/** URL of a fix action on an error. */
function fixAction(accountId: string, errorId: string): string {
  return `${accountPath(accountId)}/errors/${encodeURIComponent(errorId)}/fix`;
}

/** Seconds between refreshes of a page with an active run when JavaScript is off. */
const NOSCRIPT_REFRESH_SECONDS = 3;

/** `/accounts/:id`. */
export function StatusPage(props: StatusPageProps) {
  const a = props.account;
  const last = props.runs.find((r) => r.id !== props.activeRunId && r.kind.startsWith("sync"));
  const active = props.activeRunId === undefined ? undefined : props.runs.find((r) => r.id === props.activeRunId);
  const lastError = last === undefined ? undefined : runErrorText(last);
  return (
    <Page
      title={`Sync status · ${a.name}`}
      user={props.user}
      csrf={props.csrf}
      section="accounts"
      notice={props.notice}
      error={props.error}
      noscriptRefreshSeconds={props.activeRunId === undefined ? undefined : NOSCRIPT_REFRESH_SECONDS}
    >
      <AccountNav accountId={a.id} accountName={a.name} current="status" />
      <dl class="facts">
        <dt>Company ID</dt>
        <dd>{a.companyId}</dd>
        <dt>Entity ID</dt>
        <dd>{a.entityId === "" ? "(top level)" : a.entityId}</dd>
        <dt>Last sync</dt>
        <dd id="last-sync">
          {last === undefined ? (
            "never"
          ) : (
            <>
              <Badge status={last.status} /> {`${formatTime(last.finishedAt ?? last.startedAt)}: ${runCountsText(last)}`}
              {lastError === undefined ? "" : ` — ${lastError}`}
            </>
          )}
        </dd>
      </dl>

      <section aria-labelledby="sync-now">
        <h2 id="sync-now">Sync Now</h2>
        <form method="post" action={syncNowAction(a.id)}>
          <input type="hidden" name="_csrf" value={props.csrf} />
          <button type="submit" {...(props.activeRunId === undefined ? {} : { "aria-describedby": "run-live-text" })}>
            Sync Now
          </button>
        </form>
        {props.activeRunId === undefined ? null : (
          <div class="live" data-run-events={props.eventsUrl} data-run-page={accountPath(a.id)} data-run-id={props.activeRunId}>
            <label for="run-progress">{`Run ${shortRunId(props.activeRunId)}`}</label>
            <progress id="run-progress" max={100} value={0}>
              0%
            </progress>
            <p id="run-live-text" role="status" aria-live="polite" data-run-text="">
              {active === undefined ? "Sync queued." : `Sync ${active.status}.`}
              <noscript> This page refreshes every few seconds until the run ends.</noscript>
            </p>
          </div>
        )}
      </section>

      <section aria-labelledby="errors">
        <h2 id="errors">{`Errors to fix (${props.errors.length})`}</h2>
        {props.errors.length === 0 ? (
          <p>No open errors.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">Problem</th>
                <th scope="col">Since</th>
                <th scope="col">Fix</th>
              </tr>
            </thead>
            <tbody>
              {props.errors.map((e) => (
                <tr data-error-id={e.id}>
                  <th scope="row">{`${objectLabel(e.object)} ${e.recordId}`}</th>
                  <td>
                    <strong>{e.code}</strong>
                    {`: ${e.message}`}
                    <div class="muted">{e.errorClass}</div>
                  </td>
                  <td class="nowrap">{formatTime(e.createdAt)}</td>
                  <td>
                    <form method="post" action={fixAction(a.id, e.id)} class="actions" aria-label={`Fix ${objectLabel(e.object)} ${e.recordId}`}>
                      <input type="hidden" name="_csrf" value={props.csrf} />
                      {e.fixActions.map((f) => (
                        <button type="submit" name="action" value={f} class={f === "retry" ? "" : "secondary"}>
                          {fixActionLabel(f)}
                        </button>
                      ))}
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="history">
        <h2 id="history">Run history</h2>
        {props.runs.length === 0 ? (
          <p>No runs yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
                <th scope="col">Records</th>
              </tr>
            </thead>
            <tbody>
              {props.runs.map((r) => {
                const err = runErrorText(r);
                return (
                  <tr>
                    <th scope="row">
                      <code title={r.id}>{shortRunId(r.id)}</code>
                    </th>
                    <td>{r.kind}</td>
                    <td>
                      <Badge status={r.status} />
                    </td>
                    <td class="nowrap">{formatTime(r.startedAt)}</td>
                    <td class="nowrap">{formatTime(r.finishedAt)}</td>
                    <td>
                      {runCountsText(r)}
                      {err === undefined ? null : <div class="muted">{err}</div>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}
