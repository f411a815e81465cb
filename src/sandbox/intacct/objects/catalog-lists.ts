/**
 * List objects (`intacct-objects-permissions.md` B1–B11): chart of accounts, dimensions,
 * customers, vendors, terms and bank accounts.
 */
import { APPLICATION } from "./applications.js";
import type { FieldDef, GenericOp, ObjectDef } from "./object-definition.js";
import { bool, date, dec, enumField, int, LIST_AUDIT, MEGA, rec, STATUS, text } from "./object-definition.js";

const ALL_OPS: readonly GenericOp[] = ["create", "update", "delete", "read", "readByName", "readByQuery", "query"];
const READ_OPS: readonly GenericOp[] = ["read", "readByName", "readByQuery", "query"];

const requireFlags: FieldDef[] = ["REQUIREDEPT", "REQUIRELOC", "REQUIREPROJECT", "REQUIRECUSTOMER", "REQUIREVENDOR", "REQUIREEMPLOYEE", "REQUIREITEM", "REQUIRECLASS"].map((n) =>
  bool(n, n, { default: "false" }),
);

const GLACCOUNT: ObjectDef = {
  name: "GLACCOUNT",
  label: "GL Account",
  idField: "ACCOUNTNO",
  ownership: "shared",
  area: { application: APPLICATION.generalLedger, policy: "Accounts" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("ACCOUNTNO", "Account number", { required: true }),
    text("TITLE", "Title", { required: true }),
    enumField(
      "ACCOUNTTYPE",
      "Account type",
      [
        ["balancesheet", "N"],
        ["incomestatement", "I"],
      ],
      { default: "balancesheet" },
    ),
    enumField(
      "NORMALBALANCE",
      "Normal balance",
      [
        ["debit", "1"],
        ["credit", "-1"],
      ],
      { default: "debit" },
    ),
    enumField(
      "CLOSINGTYPE",
      "Period end closing type",
      [
        ["non-closing account", "N"],
        ["closing account", "C"],
      ],
      { default: "non-closing account" },
    ),
    text("CLOSINGACCOUNTNO", "Close into account", { ref: "GLACCOUNT" }),
    text("CATEGORY", "Category"),
    enumField(
      "ALTERNATIVEACCOUNT",
      "Alternative GL account",
      [
        ["None", "N"],
        ["Payables account", "P"],
        ["Receivables account", "R"],
      ],
      { default: "None" },
    ),
    STATUS,
    ...requireFlags,
    ...LIST_AUDIT,
  ],
};

const DEPARTMENT: ObjectDef = {
  name: "DEPARTMENT",
  label: "Department",
  idField: "DEPARTMENTID",
  ownership: "shared",
  area: { application: APPLICATION.company, policy: "Departments" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("DEPARTMENTID", "Department ID", { required: true }),
    text("TITLE", "Department name", { required: true }),
    text("PARENTID", "Parent department", { ref: "DEPARTMENT" }),
    text("SUPERVISORID", "Supervisor", { ref: "EMPLOYEE" }),
    text("CUSTTITLE", "Title on reports"),
    STATUS,
    ...LIST_AUDIT,
  ],
};

const LOCATION: ObjectDef = {
  name: "LOCATION",
  label: "Location",
  idField: "LOCATIONID",
  ownership: "location",
  area: { application: APPLICATION.company, policy: "Locations" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("LOCATIONID", "Location ID", { required: true }),
    text("NAME", "Location name", { required: true, requiredOnUpdate: true }),
    text("PARENTID", "Parent location", { ref: "LOCATION" }),
    text("SUPERVISORID", "Manager", { ref: "EMPLOYEE" }),
    date("STARTDATE", "Start date"),
    date("ENDDATE", "End date"),
    text("CUSTTITLE", "Title on reports"),
    // Q8: E = entity, N = ordinary location, C = third kind (meaning UNCONFIRMED).
    enumField(
      "LOCATIONTYPE",
      "Location type",
      [
        ["E", "E"],
        ["N", "N"],
        ["C", "C"],
      ],
      { readonly: true },
    ),
    text("ENTITY", "Entity", { readonly: true }),
    text("ENTITYNAME", "Entity name", { readonly: true }),
    text("CURRENCY", "Base currency"),
    STATUS,
    ...LIST_AUDIT,
  ],
};

/** Entities: LOCATION rows of type E, listed as their own object (B3, Q8). */
const LOCATIONENTITY: ObjectDef = {
  name: "LOCATIONENTITY",
  label: "Entity",
  idField: "LOCATIONID",
  ownership: "shared",
  area: { application: APPLICATION.company, policy: "Entities" },
  ops: READ_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("LOCATIONID", "Entity ID", { required: true }),
    text("NAME", "Entity name", { required: true }),
    text("REPORTPRINTAS", "Report print as"),
    int("FIRSTMONTH", "First fiscal month"),
    text("CURRENCY", "Base currency"),
    // Sandbox extension (B17: the real read path is UNCONFIRMED): the entity's books-closed-through
    // date, so a sync can pull it per entity with the entity list; WHENMODIFIED moves when it changes.
    date("CLOSEDTHROUGH", "Books closed through", { readonly: true }),
    STATUS,
    ...LIST_AUDIT,
  ],
};

const CLASS: ObjectDef = {
  name: "CLASS",
  label: "Class",
  idField: "CLASSID",
  ownership: "mega",
  area: { application: APPLICATION.company, policy: "Classes" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("CLASSID", "Class ID", { required: true }),
    text("NAME", "Name", { required: true }),
    text("DESCRIPTION", "Description"),
    text("PARENTID", "Parent class", { ref: "CLASS" }),
    STATUS,
    ...LIST_AUDIT,
    ...MEGA,
  ],
};

const PROJECT: ObjectDef = {
  name: "PROJECT",
  label: "Project",
  idField: "PROJECTID",
  autoIdPrefix: "P-",
  ownership: "mega",
  area: { application: APPLICATION.projects, policy: "Projects" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("PROJECTID", "Project ID"),
    text("NAME", "Project name", { required: true }),
    text("DESCRIPTION", "Description"),
    text("PROJECTCATEGORY", "Project category", { required: true }),
    text("PROJECTSTATUS", "Project status"),
    text("PROJECTTYPE", "Project type"),
    text("PARENTID", "Parent project", { ref: "PROJECT" }),
    text("CUSTOMERID", "Customer", { ref: "CUSTOMER" }),
    text("LOCATIONID", "Location", { ref: "LOCATION" }),
    text("DEPARTMENTID", "Department", { ref: "DEPARTMENT" }),
    text("CURRENCY", "Currency"),
    STATUS,
    ...LIST_AUDIT,
    ...MEGA,
  ],
};

const EMPLOYEE: ObjectDef = {
  name: "EMPLOYEE",
  label: "Employee",
  idField: "EMPLOYEEID",
  autoIdPrefix: "EMP-",
  ownership: "mega",
  area: { application: APPLICATION.company, policy: "Employees" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("EMPLOYEEID", "Employee ID"),
    rec("PERSONALINFO", "Contact", { required: true }),
    // B6: reads and queries expose the contact as CONTACT (CONTACT.FIRSTNAME, …); create/update take PERSONALINFO.
    rec("CONTACT", "Contact", { readonly: true }),
    text("TITLE", "Title"),
    text("LOCATIONID", "Location", { ref: "LOCATION" }),
    text("DEPARTMENTID", "Department", { ref: "DEPARTMENT" }),
    text("EMPLOYEETYPE", "Employee type"),
    date("STARTDATE", "Start date"),
    text("CURRENCY", "Currency"),
    STATUS,
    ...LIST_AUDIT,
    ...MEGA,
  ],
};

const ITEM: ObjectDef = {
  name: "ITEM",
  label: "Item",
  idField: "ITEMID",
  ownership: "shared",
  area: { application: APPLICATION.inventory, policy: "Items" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("ITEMID", "Item ID", { required: true }),
    text("NAME", "Name", { required: true, requiredOnUpdate: true }),
    enumField(
      "ITEMTYPE",
      "Item type",
      [
        ["Inventory", "I"],
        ["Non-Inventory", "NI"],
        ["Non-Inventory (Purchase only)", "NP"],
        ["Non-Inventory (Sales only)", "NS"],
        ["Kit", "K"],
        ["Stockable Kit", "SK"],
      ],
      { required: true },
    ),
    text("EXTENDED_DESCRIPTION", "Extended description"),
    text("PRODUCTLINEID", "Product line"),
    text("GLGROUP", "GL group"),
    dec("BASEPRICE", "Base price"),
    STATUS,
    ...LIST_AUDIT,
  ],
};

const CUSTOMER: ObjectDef = {
  name: "CUSTOMER",
  label: "Customer",
  idField: "CUSTOMERID",
  autoIdPrefix: "C-",
  ownership: "mega",
  area: { application: APPLICATION.accountsReceivable, policy: "Customers" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("CUSTOMERID", "Customer ID"),
    text("NAME", "Customer name", { required: true }),
    rec("DISPLAYCONTACT", "Primary contact"),
    bool("ONETIME", "One time", { default: "false" }),
    bool("ONHOLD", "On hold", { default: "false" }),
    text("PARENTID", "Parent customer", { ref: "CUSTOMER" }),
    text("CUSTTYPE", "Customer type"),
    text("TERMNAME", "Term"),
    text("ARACCOUNT", "Default AR account", { ref: "GLACCOUNT" }),
    text("OFFSETGLACCOUNTNO", "Offset GL account", { ref: "GLACCOUNT" }),
    dec("CREDITLIMIT", "Credit limit"),
    text("CURRENCY", "Currency"),
    text("TAXID", "Tax ID"),
    STATUS,
    ...LIST_AUDIT,
    ...MEGA,
  ],
};

const VENDOR: ObjectDef = {
  name: "VENDOR",
  label: "Vendor",
  idField: "VENDORID",
  autoIdPrefix: "V-",
  ownership: "mega",
  area: { application: APPLICATION.accountsPayable, policy: "Vendors" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("VENDORID", "Vendor ID"),
    text("NAME", "Vendor name", { required: true }),
    rec("DISPLAYCONTACT", "Primary contact"),
    bool("ONETIME", "One time", { default: "false" }),
    bool("ONHOLD", "On hold", { default: "false" }),
    bool("DONOTCUTCHECK", "Do not pay", { default: "false" }),
    text("VENDTYPE", "Vendor type"),
    text("PARENTID", "Parent vendor", { ref: "VENDOR" }),
    text("GLGROUP", "GL group"),
    text("VENDORACCOUNTNO", "Account number with vendor"),
    text("COMMENTS", "Comments"),
    text("CURRENCY", "Currency"),
    text("TAXID", "Tax ID"),
    text("NAME1099", "Name on 1099"),
    text("FORM1099TYPE", "Form 1099 type"),
    text("FORM1099BOX", "Form 1099 box"),
    text("TERMNAME", "Term", { ref: "APTERM" }),
    text("APACCOUNT", "Default expense account", { ref: "GLACCOUNT" }),
    text("OFFSETGLACCOUNTNO", "AP account", { ref: "GLACCOUNT" }),
    text("PAYMETHODKEY", "Preferred payment method"),
    dec("CREDITLIMIT", "Credit limit"),
    text("SUPDOCID", "Attachment", { ref: "SUPDOC" }),
    // Accepted as the official SDK's VendorCreate writes them (OFFSETGLACCOUNT is its spelling).
    text("OFFSETGLACCOUNT", "AP account", { ref: "GLACCOUNT" }),
    bool("HIDEDISPLAYCONTACT", "Hide display contact"),
    rec("CONTACTINFO", "Contact info"),
    rec("PAYTO", "Pay-to contact"),
    rec("RETURNTO", "Return-to contact"),
    bool("MERGEPAYMENTREQ", "Merge payment requests"),
    bool("PAYMENTNOTIFY", "Send payment notification"),
    text("BILLINGTYPE", "Billing type"),
    text("PAYMENTPRIORITY", "Payment priority"),
    bool("DISPLAYTERMDISCOUNT", "Display term discount"),
    bool("ACHENABLED", "ACH enabled"),
    text("ACHBANKROUTINGNUMBER", "ACH routing number"),
    text("ACHACCOUNTNUMBER", "ACH account number"),
    text("ACHACCOUNTTYPE", "ACH account type"),
    text("ACHREMITTANCETYPE", "ACH remittance type"),
    bool("DISPLAYACCTNOCHECK", "Display account number on check"),
    text("RESTRICTEDLOCATIONS", "Restricted locations"),
    text("RESTRICTEDDEPARTMENTS", "Restricted departments"),
    enumField(
      "OBJECTRESTRICTION",
      "Restriction type",
      [
        ["Unrestricted", "U"],
        ["RootOnly", "R"],
        ["Restricted", "T"],
      ],
      { default: "Unrestricted" },
    ),
    STATUS,
    ...LIST_AUDIT,
    ...MEGA,
  ],
};

const APTERM: ObjectDef = {
  name: "APTERM",
  label: "AP Term",
  idField: "NAME",
  ownership: "shared",
  area: { application: APPLICATION.accountsPayable, policy: "AP terms" },
  // B10: no generic create is documented; the sandbox accepts it anyway so seeds and tests can add terms.
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("NAME", "Term name", { required: true }),
    text("DESCRIPTION", "Description"),
    int("DUEDATE", "Due days", { default: "30" }),
    enumField(
      "DUEFROM",
      "Due from",
      [
        ["from invoice/bill date", "1"],
        ["of the month of invoice/bill date", "2"],
        ["of next month from invoice/bill date", "3"],
      ],
      { default: "from invoice/bill date" },
    ),
    STATUS,
    ...LIST_AUDIT,
  ],
};

const CHECKINGACCOUNT: ObjectDef = {
  name: "CHECKINGACCOUNT",
  label: "Checking Account",
  idField: "BANKACCOUNTID",
  ownership: "mega",
  area: { application: APPLICATION.cashManagement, policy: "Checking accounts" },
  ops: ALL_OPS,
  fields: [
    int("RECORDNO", "Record number", { readonly: true }),
    text("BANKACCOUNTID", "Account ID", { required: true }),
    text("BANKACCOUNTNO", "Bank account number", { required: true }),
    text("GLACCOUNTNO", "GL account", { required: true, ref: "GLACCOUNT" }),
    text("BANKNAME", "Bank name", { required: true }),
    text("ROUTINGNO", "Routing number"),
    text("BANKACCOUNTTYPE", "Account type", { default: "checking" }),
    text("DEPARTMENTID", "Department", { ref: "DEPARTMENT" }),
    text("LOCATIONID", "Location", { ref: "LOCATION" }),
    text("CURRENCY", "Currency", { default: "USD" }),
    dec("LASTRECONCILEDBALANCE", "Last reconciled balance"),
    date("LASTRECONCILEDDATE", "Last reconciled date"),
    text("NEXTCHECK", "Next check number"),
    STATUS,
    ...LIST_AUDIT,
    ...MEGA,
  ],
};

/** Transaction currencies (B12): keyed by CODE, pulled incrementally by WHENMODIFIED; other fields UNCONFIRMED. */
const TRXCURRENCIES: ObjectDef = {
  name: "TRXCURRENCIES",
  label: "Transaction Currency",
  idField: "CODE",
  ownership: "shared",
  area: { application: APPLICATION.company, policy: "Transaction currencies" },
  ops: ALL_OPS,
  fields: [int("RECORDNO", "Record number", { readonly: true }), text("CODE", "Code", { required: true }), text("NAME", "Name"), text("SYMBOL", "Symbol"), ...LIST_AUDIT],
};

/** All list object definitions. */
export const LIST_OBJECTS: readonly ObjectDef[] = [GLACCOUNT, DEPARTMENT, LOCATION, LOCATIONENTITY, CLASS, PROJECT, EMPLOYEE, ITEM, CUSTOMER, VENDOR, APTERM, CHECKINGACCOUNT, TRXCURRENCIES];
