/**
 * Sync preferences of one account (PRODUCT.md "Preferences per account"): two-way or one-way
 * transactions, the master in case of conflict, only approved bills and credits, AP, AR and
 * clearing accounts, the closed-period policy and the schedule.
 */
import type { SyncPreferences } from "../../../sync/preferences.js";
import { AccountNav, accountPath, type FrameUser, Page } from "../layout.js";

/** Schedules the form offers (value → label), in the scheduler's words (`src/queue/schedule.ts`); `""` = the service's default. */
const SCHEDULE_CHOICES: ReadonlyArray<readonly [string, string]> = [
  ["", "The service's default (daily unless configured)"],
  ["daily", "Daily"],
  ["every 6h", "Every 6 hours"],
  ["hourly", "Every hour"],
  ["off", "Off (Sync Now only)"],
];

/** Props of {@link PreferencesPage}. */
export interface PreferencesPageProps {
  readonly user: FrameUser;
  readonly csrf: string;
  readonly account: { readonly id: string; readonly name: string; readonly entityId: string };
  readonly preferences: SyncPreferences;
  /** The account's schedule value (one of {@link SCHEDULE_CHOICES}, or another the scheduler knows); `""` = none set. */
  readonly schedule: string;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
}

function Radio(props: { readonly name: string; readonly value: string; readonly checked: boolean; readonly label: string }) {
  const id = `${props.name}-${props.value}`;
  return (
    <label for={id}>
      <input type="radio" id={id} name={props.name} value={props.value} {...(props.checked ? { checked: true } : {})} />
      {props.label}
    </label>
  );
}

function TextField(props: { readonly name: string; readonly label: string; readonly hint: string; readonly value: string | undefined }) {
  return (
    <>
      <label for={props.name}>{props.label}</label>
      <span class="hint" id={`${props.name}-hint`}>
        {props.hint}
      </span>
      <input type="text" id={props.name} name={props.name} value={props.value ?? ""} aria-describedby={`${props.name}-hint`} autocomplete="off" />
    </>
  );
}

/** `/accounts/:id/preferences`. */
export function PreferencesPage(props: PreferencesPageProps) {
  const p = props.preferences;
  const schedules = SCHEDULE_CHOICES.some(([v]) => v === props.schedule) ? SCHEDULE_CHOICES : [...SCHEDULE_CHOICES, [props.schedule, props.schedule] as const];
  return (
    <Page title={`Preferences · ${props.account.name}`} user={props.user} csrf={props.csrf} section="accounts" notice={props.notice} error={props.error}>
      <AccountNav accountId={props.account.id} accountName={props.account.name} current="preferences" />
      <form method="post" action={accountPath(props.account.id, "preferences")} class="stack" aria-label="Sync preferences">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <fieldset>
          <legend>Transactions</legend>
          <Radio name="transactions" value="two-way" checked={p.transactions === "two-way"} label="Two-way: unpaid bills and unapplied credits entered in Sage Intacct also come into BILL" />
          <Radio name="transactions" value="one-way" checked={p.transactions === "one-way"} label="One-way: transactions go from BILL to Sage Intacct only" />
        </fieldset>
        <fieldset>
          <legend>Master in case of conflict</legend>
          <Radio name="master" value="platform" checked={p.master === "platform"} label="BILL wins when a record changed on both sides" />
          <Radio name="master" value="intacct" checked={p.master === "intacct"} label="Sage Intacct wins when a record changed on both sides" />
          {props.account.entityId === "" ? null : <span class="hint">This account syncs one entity: Sage Intacct always wins for records kept at the top level.</span>}
        </fieldset>
        <fieldset>
          <legend>Approvals</legend>
          <label for="onlyApproved">
            <input type="checkbox" id="onlyApproved" name="onlyApproved" value="on" {...(p.onlyApproved ? { checked: true } : {})} />
            Sync only approved bills and vendor credits
          </label>
        </fieldset>
        <TextField name="apAccountNo" label="AP account" hint="GL account number of accounts payable for bills (blank: the vendor's)." value={p.apAccountNo} />
        <TextField name="arAccountNo" label="AR account" hint="GL account number of accounts receivable for invoices (blank: the customer's)." value={p.arAccountNo} />
        <TextField name="clearingBankAccountId" label="Money Out Clearing account" hint="Sage Intacct checking account that bill payments come from; each BILL account needs its own." value={p.clearingBankAccountId} />
        <TextField name="depositBankAccountId" label="Money In Clearing account" hint="Checking account received payments go to (blank: the Money Out Clearing account)." value={p.depositBankAccountId} />
        <TextField name="defaultExpenseAccountNo" label="Default expense account" hint="GL account for bill lines without one (blank: none)." value={p.defaultExpenseAccountNo} />
        <fieldset>
          <legend>Transactions dated in a closed period</legend>
          <Radio name="closedPeriodPolicy" value="reject" checked={p.closedPeriodPolicy === "reject"} label="Reject: report an error to fix" />
          <Radio name="closedPeriodPolicy" value="move" checked={p.closedPeriodPolicy === "move"} label="Move to the first open date" />
          <Radio name="closedPeriodPolicy" value="hold" checked={p.closedPeriodPolicy === "hold"} label="Hold until the period opens" />
        </fieldset>
        <label for="schedule">Automatic sync</label>
        <select id="schedule" name="schedule">
          {schedules.map(([value, label]) => (
            <option value={value} {...(value === props.schedule ? { selected: true } : {})}>
              {label}
            </option>
          ))}
        </select>
        <div class="actions">
          <button type="submit">Save preferences</button>
        </div>
      </form>
    </Page>
  );
}
