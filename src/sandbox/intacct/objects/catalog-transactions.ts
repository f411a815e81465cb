/**
 * Transaction objects (`intacct-objects-permissions.md` B13–B16, B18, Q4–Q7, Q10): AP bills,
 * adjustments and payments, AR invoices and payments, attachments, and the audit history.
 */
import { APPLICATION } from "./applications.js";
import type { FieldDef, GenericOp, ObjectDef } from "./object-definition.js";
import { bool, date, dec, enumField, int, MEGA, rec, stamp, text, TRX_AUDIT } from "./object-definition.js";

const READ_OPS: readonly GenericOp[] = ["read", "readByQuery", "query"];

/**
 * Bill and invoice STATE labels with their readByQuery codes (Q4): Posted, Partially Paid and
 * Paid share the raw code `A` and differ only by totals.
 */
const DOC_STATE: ReadonlyArray<readonly [string, string]> = [
  ["Draft", "D"],
  ["Partially Approved", "PA"],
  ["Submitted", "S"],
  ["Declined", "U"],
  ["No Value", "A"],
  ["Posted", "A"],
  ["Paid", "A"],
  ["Partially Paid", "A"],
  ["Selected", "A"],
  ["Reversed", "A"],
  ["Reversal", "A"],
];

/**
 * Payment STATE labels (Q5): codes are documented (C, D, A, V, S); the `query` labels are
 * UNCONFIRMED — "Complete" is the sandbox's choice for `C`.
 */
const PAYMENT_STATE: ReadonlyArray<readonly [string, string]> = [
  ["Draft", "D"],
  ["Submitted", "S"],
  ["Approved", "A"],
  ["Complete", "C"],
  ["Voided", "V"],
];

const totals = (): FieldDef[] =>
  ["TOTALENTERED", "TOTALSELECTED", "TOTALPAID", "TOTALDUE"].flatMap((n) => [dec(n, n, { readonly: true }), dec(`TRX_${n}`, `TRX_${n}`, { readonly: true })]);

const currency = (): FieldDef[] => [
  text("CURRENCY", "Currency", { default: "USD" }),
  text("BASECURR", "Base currency", { default: "USD" }),
  date("EXCH_RATE_DATE", "Exchange rate date"),
  text("EXCH_RATE_TYPE_ID", "Exchange rate type"),
  dec("EXCHANGE_RATE", "Exchange rate"),
];

/** Dimension fields shared by bill, adjustment and invoice lines, each with its display name. */
const dimensions = (): FieldDef[] => [
  text("LOCATIONID", "Location", { ref: "LOCATION" }),
  text("LOCATIONNAME", "Location name", { readonly: true }),
  text("DEPARTMENTID", "Department", { ref: "DEPARTMENT" }),
  text("DEPARTMENTNAME", "Department name", { readonly: true }),
  text("PROJECTID", "Project", { ref: "PROJECT" }),
  text("PROJECTNAME", "Project name", { readonly: true }),
  text("CUSTOMERID", "Customer", { ref: "CUSTOMER" }),
  text("CUSTOMERNAME", "Customer name", { readonly: true }),
  text("VENDORID", "Vendor", { ref: "VENDOR" }),
  text("VENDORNAME", "Vendor name", { readonly: true }),
  text("EMPLOYEEID", "Employee", { ref: "EMPLOYEE" }),
  text("EMPLOYEENAME", "Employee name", { readonly: true }),
  text("ITEMID", "Item", { ref: "ITEM" }),
  text("ITEMNAME", "Item name", { readonly: true }),
  text("CLASSID", "Class", { ref: "CLASS" }),
  text("CLASSNAME", "Class name", { readonly: true }),
];

const lineFields = (): FieldDef[] => [
  int("RECORDNO", "Record number", { readonly: true }),
  int("RECORDKEY", "Parent key", { readonly: true }),
  int("LINE_NO", "Line number"),
  text("ACCOUNTNO", "Account", { required: true, ref: "GLACCOUNT" }),
  text("ACCOUNTTITLE", "Account title", { readonly: true }),
  text("OFFSETGLACCOUNTNO", "Offset account", { ref: "GLACCOUNT" }),
  dec("AMOUNT", "Base amount", { readonly: true }),
  dec("TRX_AMOUNT", "Amount", { required: true }),
  text("ENTRYDESCRIPTION", "Memo"),
  date("ENTRY_DATE", "Entry date", { readonly: true }),
  bool("FORM1099", "Form 1099"),
  text("FORM1099TYPE", "Form 1099 type"),
  text("FORM1099BOX", "Form 1099 box"),
  text("ALLOCATION", "Allocation"),
  text("TASKID", "Task"),
  text("COSTTYPEID", "Cost type"),
  text("CONTRACTID", "Contract"),
  text("WAREHOUSEID", "Warehouse"),
  ...dimensions(),
  bool("BILLABLE", "Billable", { default: "false" }),
  dec("TOTALPAID", "Total paid", { readonly: true }),
  dec("TRX_TOTALPAID", "Total paid", { readonly: true }),
  dec("TOTALDUE", "Total due", { readonly: true }),
  dec("TRX_TOTALDUE", "Total due", { readonly: true }),
  ...currency(),
  stamp("WHENMODIFIED", "When modified"),
  ...MEGA,
];

const APBILL: ObjectDef = {
  name: "APBILL",
  label: "Bill",
  ownership: "mega",
  area: { application: APPLICATION.accountsPayable, policy: "Bills" },
  ops: ["create", "update", "delete", "read", "readByQuery", "query"],
  transaction: { dateField: "WHENCREATED" },
  lines: { container: "APBILLITEMS", item: "APBILLITEM", object: "APBILLITEM" },
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("RECORDID", "Bill number"),
    text("RECORDTYPE", "Record type", { readonly: true }),
    enumField("STATE", "State", DOC_STATE, { readonly: true }),
    text("RAWSTATE", "Raw state", { readonly: true }),
    text("VENDORID", "Vendor ID", { required: true, ref: "VENDOR" }),
    text("VENDORNAME", "Vendor name", { readonly: true }),
    int("VENDORKEY", "Vendor key", { readonly: true }),
    text("DOCNUMBER", "Reference number"),
    text("DESCRIPTION", "Description"),
    text("TERMNAME", "Term", { ref: "APTERM" }),
    date("WHENCREATED", "Date", { required: true }),
    date("WHENPOSTED", "GL posting date"),
    date("WHENDUE", "Due date", { requiredOnUpdate: true }),
    date("WHENPAID", "Date fully paid", { readonly: true }),
    date("RECPAYMENTDATE", "Recommended payment date"),
    enumField(
      "PAYMENTPRIORITY",
      "Payment priority",
      [
        ["urgent", "urgent"],
        ["high", "high"],
        ["normal", "normal"],
        ["low", "low"],
      ],
      { default: "normal" },
    ),
    bool("ONHOLD", "On hold", { default: "false" }),
    text("SUPDOCID", "Attachment", { ref: "SUPDOC" }),
    text("PRBATCH", "Summary"),
    text("BILLTOPAYTOCONTACTNAME", "Pay-to contact"),
    text("SHIPTORETURNTOCONTACTNAME", "Return-to contact"),
    bool("INCLUSIVETAX", "Inclusive tax"),
    text("TAXSOLUTIONID", "Tax solution"),
    text("MODULEKEY", "Module", { readonly: true }),
    enumField(
      "ACTION",
      "Action",
      [
        ["Submit", "Submit"],
        ["Draft", "Draft"],
      ],
      { default: "Submit" },
    ),
    ...currency(),
    ...totals(),
    ...TRX_AUDIT,
    ...MEGA,
  ],
};

const APBILLITEM: ObjectDef = {
  name: "APBILLITEM",
  label: "Bill Detail",
  ownership: "mega",
  parent: "APBILL",
  area: { application: APPLICATION.accountsPayable, policy: "Bills" },
  ops: READ_OPS,
  fields: lineFields(),
};

const APADJUSTMENT: ObjectDef = {
  name: "APADJUSTMENT",
  label: "AP Adjustment",
  ownership: "mega",
  area: { application: APPLICATION.accountsPayable, policy: "Adjustments" },
  // Q6: no generic create or update; legacy create_apadjustment / update_apadjustment only.
  ops: ["delete", "read", "readByQuery", "query"],
  transaction: { dateField: "WHENCREATED" },
  lines: { container: "APADJUSTMENTITEMS", item: "APADJUSTMENTITEM", object: "APADJUSTMENTITEM" },
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("RECORDID", "Adjustment number"),
    text("RECORDTYPE", "Record type", { readonly: true }),
    enumField("STATE", "State", DOC_STATE, { readonly: true }),
    text("RAWSTATE", "Raw state", { readonly: true }),
    // Sign ↔ type (Q6, Medium): negative total = debit memo (vendor credit), positive = credit memo.
    enumField(
      "ADJUSTMENTTYPE",
      "Adjustment type",
      [
        ["Debit Memo", "DM"],
        ["Credit Memo", "CM"],
      ],
      { readonly: true },
    ),
    text("VENDORID", "Vendor ID", { required: true, ref: "VENDOR" }),
    text("VENDORNAME", "Vendor name", { readonly: true }),
    text("DOCNUMBER", "Bill number reference"),
    text("DESCRIPTION", "Description"),
    date("WHENCREATED", "Date", { required: true }),
    date("WHENPOSTED", "GL posting date"),
    ...currency(),
    ...totals(),
    ...TRX_AUDIT,
    ...MEGA,
  ],
};

const APADJUSTMENTITEM: ObjectDef = {
  name: "APADJUSTMENTITEM",
  label: "AP Adjustment Detail",
  ownership: "mega",
  parent: "APADJUSTMENT",
  area: { application: APPLICATION.accountsPayable, policy: "Adjustments" },
  ops: READ_OPS,
  fields: lineFields(),
};

const APPYMT: ObjectDef = {
  name: "APPYMT",
  label: "AP Payment",
  ownership: "mega",
  area: { application: APPLICATION.accountsPayable, policy: "Payments" },
  ops: ["create", "update", "delete", "read", "readByQuery", "query"],
  transaction: { dateField: "WHENCREATED" },
  lines: { container: "APPYMTDETAILS", item: "APPYMTDETAIL", object: "APPYMTDETAIL" },
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("RECORDTYPE", "Record type", { readonly: true }),
    text("RECORDID", "Payment number", { readonly: true }),
    text("FINANCIALENTITY", "Bank account", { ref: "CHECKINGACCOUNT" }),
    text("FINANCIALENTITYTYPE", "Bank account type", { readonly: true }),
    text("FINANCIALACCOUNTNAME", "Bank account name", { readonly: true }),
    enumField("STATE", "State", PAYMENT_STATE, { readonly: true }),
    text("RAWSTATE", "Raw state", { readonly: true }),
    enumField("PAYMENTMETHOD", "Payment method", [
      ["Printed Check", "Printed Check"],
      ["Joint Check", "Joint Check"],
      ["Cash", "Cash"],
      ["EFT", "EFT"],
      ["Credit Card", "Credit Card"],
      ["Charge Card", "Charge Card"],
      ["ACH", "ACH"],
      ["Check Delivery", "Check Delivery"],
      ["WF Check", "WF Check"],
      ["WF Domestic ACH", "WF Domestic ACH"],
      ["WF USD Wire", "WF USD Wire"],
    ]),
    text("VENDORID", "Vendor ID", { required: true, ref: "VENDOR" }),
    text("VENDORNAME", "Vendor name", { readonly: true }),
    text("DOCNUMBER", "Document number"),
    text("DESCRIPTION", "Description"),
    date("PAYMENTDATE", "Payment date", { required: true }),
    date("WHENCREATED", "Payment date", { readonly: true }),
    date("WHENPAID", "Paid date", { readonly: true }),
    enumField(
      "PAYMENTREQUESTMETHOD",
      "Payment request method",
      [
        ["vendorpref", "vendorpref"],
        ["vendor", "vendor"],
        ["bill", "bill"],
        ["payto", "payto"],
      ],
      { default: "vendorpref" },
    ),
    enumField(
      "ACTION",
      "Action",
      [
        ["Submit", "Submit"],
        ["Draft", "Draft"],
      ],
      { default: "Submit" },
    ),
    text("CURRENCY", "Currency", { required: true }),
    text("BASECURR", "Base currency", { default: "USD" }),
    date("EXCH_RATE_DATE", "Exchange rate date"),
    text("EXCH_RATE_TYPE_ID", "Exchange rate type"),
    dec("AMOUNTTOPAY", "Amount to pay"),
    bool("GROUPPAYMENTS", "Group payments"),
    text("PAYMENTCONTACT", "Payment contact"),
    ...totals(),
    ...TRX_AUDIT,
    ...MEGA,
  ],
};

const APPYMTDETAIL: ObjectDef = {
  name: "APPYMTDETAIL",
  label: "AP Payment Detail",
  ownership: "mega",
  parent: "APPYMT",
  area: { application: APPLICATION.accountsPayable, policy: "Payments" },
  ops: READ_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    int("PAYMENTKEY", "Payment key", { readonly: true }),
    int("RECORDKEY", "Bill key"),
    int("ENTRYKEY", "Bill line key"),
    int("POSADJKEY", "Credit memo key"),
    int("POSADJENTRYKEY", "Credit memo line key"),
    int("ADJUSTMENTKEY", "Debit memo key"),
    int("ADJUSTMENTENTRYKEY", "Debit memo line key"),
    int("INLINEKEY", "Inline credit key"),
    int("INLINEENTRYKEY", "Inline credit line key"),
    int("ADVANCEKEY", "Advance key"),
    int("ADVANCEENTRYKEY", "Advance line key"),
    dec("TRX_PAYMENTAMOUNT", "Payment amount"),
    dec("PAYMENTAMOUNT", "Payment amount", { readonly: true }),
    dec("TRX_ADJUSTMENTAMOUNT", "Adjustment amount"),
    dec("ADJUSTMENTAMOUNT", "Adjustment amount", { readonly: true }),
    dec("TRX_INLINEAMOUNT", "Inline amount"),
    dec("INLINEAMOUNT", "Inline amount", { readonly: true }),
    dec("TRX_POSTEDADVANCEAMOUNT", "Advance amount"),
    dec("CREDITTOAPPLY", "Credit to apply"),
    dec("DISCOUNTTOAPPLY", "Discount to apply"),
    date("DISCOUNTDATE", "Discount date"),
    enumField("STATE", "State", PAYMENT_STATE, { readonly: true }),
    text("CURRENCY", "Currency"),
    stamp("WHENMODIFIED", "When modified"),
    ...MEGA,
  ],
};

const ARINVOICE: ObjectDef = {
  name: "ARINVOICE",
  label: "Invoice",
  ownership: "mega",
  area: { application: APPLICATION.accountsReceivable, policy: "Invoices" },
  // Q7: no generic create (legacy create_invoice only).
  ops: ["delete", "read", "readByQuery", "query"],
  transaction: { dateField: "WHENCREATED" },
  lines: { container: "ARINVOICEITEMS", item: "ARINVOICEITEM", object: "ARINVOICEITEM" },
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("RECORDID", "Invoice number"),
    text("RECORDTYPE", "Record type", { readonly: true }),
    enumField("STATE", "State", DOC_STATE, { readonly: true }),
    text("RAWSTATE", "Raw state", { readonly: true }),
    text("CUSTOMERID", "Customer ID", { required: true, ref: "CUSTOMER" }),
    text("CUSTOMERNAME", "Customer name", { readonly: true }),
    text("DOCNUMBER", "Reference number"),
    text("DESCRIPTION", "Description"),
    text("TERMNAME", "Term"),
    date("WHENCREATED", "Date", { required: true }),
    date("WHENPOSTED", "GL posting date"),
    date("WHENDUE", "Due date"),
    date("WHENPAID", "Date fully paid", { readonly: true }),
    text("SUPDOCID", "Attachment", { ref: "SUPDOC" }),
    text("MODULEKEY", "Module", { readonly: true }),
    ...currency(),
    ...totals(),
    ...TRX_AUDIT,
    ...MEGA,
  ],
};

const ARINVOICEITEM: ObjectDef = {
  name: "ARINVOICEITEM",
  label: "Invoice Detail",
  ownership: "mega",
  parent: "ARINVOICE",
  area: { application: APPLICATION.accountsReceivable, policy: "Invoices" },
  ops: READ_OPS,
  fields: lineFields(),
};

const ARPYMT: ObjectDef = {
  name: "ARPYMT",
  label: "AR Payment",
  ownership: "mega",
  area: { application: APPLICATION.accountsReceivable, policy: "Manage payments" },
  ops: ["create", "delete", "read", "readByQuery", "query"],
  transaction: { dateField: "RECEIPTDATE" },
  lines: { container: "ARPYMTDETAILS", item: "ARPYMTDETAIL", object: "ARPYMTDETAIL" },
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("RECORDTYPE", "Record type", { readonly: true }),
    enumField("STATE", "State", PAYMENT_STATE, { readonly: true }),
    enumField("PAYMENTMETHOD", "Payment method", [
      ["Printed Check", "Printed Check"],
      ["Cash", "Cash"],
      ["EFT", "EFT"],
      ["Credit Card", "Credit Card"],
      ["Online Charge Card", "Online Charge Card"],
      ["Online ACH Debit", "Online ACH Debit"],
    ], { required: true }),
    text("CUSTOMERID", "Customer ID", { required: true, ref: "CUSTOMER" }),
    text("CUSTOMERNAME", "Customer name", { readonly: true }),
    text("FINANCIALENTITY", "Bank account", { ref: "CHECKINGACCOUNT" }),
    text("UNDEPOSITEDACCOUNTNO", "Undeposited funds account", { ref: "GLACCOUNT" }),
    date("RECEIPTDATE", "Receipt date", { required: true }),
    date("PAYMENTDATE", "Payment date"),
    date("WHENCREATED", "Receipt date", { readonly: true }),
    text("DOCNUMBER", "Document number"),
    text("DESCRIPTION", "Description"),
    text("CURRENCY", "Currency", { required: true }),
    text("BASECURR", "Base currency", { default: "USD" }),
    ...totals(),
    ...TRX_AUDIT,
    ...MEGA,
  ],
};

const ARPYMTDETAIL: ObjectDef = {
  name: "ARPYMTDETAIL",
  label: "AR Payment Detail",
  ownership: "mega",
  parent: "ARPYMT",
  area: { application: APPLICATION.accountsReceivable, policy: "Manage payments" },
  ops: READ_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    int("PAYMENTKEY", "Payment key", { readonly: true }),
    int("RECORDKEY", "Invoice key", { required: true }),
    int("ENTRYKEY", "Invoice line key"),
    dec("TRX_PAYMENTAMOUNT", "Payment amount", { required: true }),
    dec("PAYMENTAMOUNT", "Payment amount", { readonly: true }),
    text("CURRENCY", "Currency"),
    stamp("WHENMODIFIED", "When modified"),
    ...MEGA,
  ],
};

/** Attachment folders (B18): legacy `create_supdocfolder`, `get`/`get_list object="supdocfolder"`; generic reads. */
const SUPDOCFOLDER: ObjectDef = {
  name: "SUPDOCFOLDER",
  label: "Attachment folder",
  idField: "SUPDOCFOLDERNAME",
  // Folders are company-wide: entities file their attachments in the same folders (UNCONFIRMED).
  ownership: "shared",
  area: { application: APPLICATION.company, policy: "Attachments" },
  ops: ["read", "readByName", "readByQuery", "query"],
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("SUPDOCFOLDERNAME", "Folder name", { required: true }),
    text("SUPDOCFOLDERDESCRIPTION", "Description"),
    text("SUPDOCPARENTFOLDERNAME", "Parent folder", { ref: "SUPDOCFOLDER" }),
    stamp("WHENCREATED", "When created"),
    stamp("WHENMODIFIED", "When modified"),
  ],
};

/** Attachments (B18): legacy create/update/delete; generic reads. */
const SUPDOC: ObjectDef = {
  name: "SUPDOC",
  label: "Attachment",
  idField: "SUPDOCID",
  autoIdPrefix: "ATT-",
  ownership: "mega",
  area: { application: APPLICATION.company, policy: "Attachments" },
  ops: ["read", "readByName", "readByQuery", "query"],
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("SUPDOCID", "Attachment ID"),
    text("SUPDOCNAME", "Attachment name", { required: true }),
    text("SUPDOCFOLDERNAME", "Folder", { required: true, ref: "SUPDOCFOLDER" }),
    text("SUPDOCDESCRIPTION", "Description"),
    int("ATTACHMENTCOUNT", "Number of files", { readonly: true }),
    rec("ATTACHMENTS", "Files"),
    stamp("WHENCREATED", "When created"),
    stamp("WHENMODIFIED", "When modified"),
    ...MEGA,
  ],
};

/**
 * Audit history (Q10): one row per create (`C`), modify (`M`) and delete (`D`) of every record.
 * ACCESSMODE is the reverse of the usual enum convention: `query` uses the letter, `readByQuery`
 * the word — so the "label" here is the letter and the "code" the word.
 */
const AUDITHISTORY: ObjectDef = {
  name: "AUDITHISTORY",
  label: "Audit History",
  ownership: "mega",
  area: { application: APPLICATION.platformServices, policy: "Audit trail" },
  ops: ["readByQuery", "query"],
  fields: [
    int("ID", "ID", { readonly: true }),
    text("OBJECTTYPE", "Object type", { readonly: true }),
    text("OBJECTKEY", "Object key", { readonly: true }),
    text("OBJECTDESC", "Object description", { readonly: true }),
    enumField(
      "ACCESSMODE",
      "Access mode",
      [
        ["A", "Access"],
        ["M", "Modify"],
        ["C", "Create"],
        ["D", "Delete"],
      ],
      { readonly: true },
    ),
    stamp("ACCESSTIME", "Access time"),
    text("USERID", "User ID", { readonly: true }),
    text("SOURCE", "Source", { readonly: true }),
    ...MEGA,
  ],
};

/** All transaction and support object definitions. */
export const TRANSACTION_OBJECTS: readonly ObjectDef[] = [
  APBILL,
  APBILLITEM,
  APADJUSTMENT,
  APADJUSTMENTITEM,
  APPYMT,
  APPYMTDETAIL,
  ARINVOICE,
  ARINVOICEITEM,
  ARPYMT,
  ARPYMTDETAIL,
  SUPDOCFOLDER,
  SUPDOC,
  AUDITHISTORY,
];
