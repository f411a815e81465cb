/**
 * Typed records of the objects the sync touches (`intacct-objects-permissions.md` Part B). Every
 * field is optional (a `query` returns only what was selected) and a string as Intacct sends it
 * (dates `mm/dd/yyyy`, timestamps `mm/dd/yyyy HH:MM:SS`, amounts decimal strings, booleans
 * `true`/`false` or `T`/`F` in readByQuery). Unlisted fields remain reachable through the
 * index signature inherited from {@link IntacctRecord}.
 */
import type { IntacctRecord } from "./xml/index.js";

/** Audit fields common to most objects (B0). */
export interface AuditFields extends IntacctRecord {
  RECORDNO?: string;
  WHENCREATED?: string;
  WHENMODIFIED?: string;
  CREATEDBY?: string;
  MODIFIEDBY?: string;
  RECORD_URL?: string;
}

/** Entity ownership fields (B0; empty = top level). */
export interface MegaEntityFields extends IntacctRecord {
  MEGAENTITYKEY?: string;
  MEGAENTITYID?: string;
  MEGAENTITYNAME?: string;
}

/** GLACCOUNT (B1). ID field `ACCOUNTNO`. */
export interface GlAccountRecord extends AuditFields {
  ACCOUNTNO?: string;
  TITLE?: string;
  ACCOUNTTYPE?: string;
  NORMALBALANCE?: string;
  CLOSINGTYPE?: string;
  CLOSINGACCOUNTNO?: string;
  CATEGORY?: string;
  ALTERNATIVEACCOUNT?: string;
  STATUS?: string;
  REQUIREDEPT?: string;
  REQUIRELOC?: string;
  REQUIRECLASS?: string;
  REQUIREPROJECT?: string;
}

/** DEPARTMENT (B2). ID field `DEPARTMENTID`; display name `TITLE`. */
export interface DepartmentRecord extends AuditFields {
  DEPARTMENTID?: string;
  TITLE?: string;
  PARENTID?: string;
  SUPERVISORID?: string;
  STATUS?: string;
  CUSTTITLE?: string;
}

/** LOCATION (B3). ID field `LOCATIONID`. */
export interface LocationRecord extends AuditFields {
  LOCATIONID?: string;
  NAME?: string;
  PARENTID?: string;
  SUPERVISORID?: string;
  ENTITY?: string;
  ENTITYNAME?: string;
  STATUS?: string;
  CURRENCY?: string;
}

/** LOCATIONENTITY (B3): the entities of a multi-entity shared company. */
export interface LocationEntityRecord extends AuditFields {
  LOCATIONID?: string;
  NAME?: string;
  STATUS?: string;
  CURRENCY?: string;
  FIRSTMONTH?: string;
  WEEKSTART?: string;
}

/** CLASS (B4). ID field `CLASSID`. */
export interface ClassRecord extends AuditFields, MegaEntityFields {
  CLASSID?: string;
  NAME?: string;
  DESCRIPTION?: string;
  STATUS?: string;
  PARENTID?: string;
}

/** PROJECT (B5). ID field `PROJECTID`. */
export interface ProjectRecord extends AuditFields, MegaEntityFields {
  PROJECTID?: string;
  NAME?: string;
  DESCRIPTION?: string;
  PROJECTCATEGORY?: string;
  PROJECTSTATUS?: string;
  STATUS?: string;
  CUSTOMERID?: string;
  PARENTID?: string;
  LOCATIONID?: string;
  CURRENCY?: string;
}

/** EMPLOYEE (B6). ID field `EMPLOYEEID`. */
export interface EmployeeRecord extends AuditFields, MegaEntityFields {
  EMPLOYEEID?: string;
  TITLE?: string;
  LOCATIONID?: string;
  DEPARTMENTID?: string;
  STATUS?: string;
  EMPLOYEETYPE?: string;
  "CONTACT.CONTACTNAME"?: string;
  "CONTACT.FIRSTNAME"?: string;
  "CONTACT.LASTNAME"?: string;
  "CONTACT.EMAIL1"?: string;
}

/** ITEM (B7). ID field `ITEMID`. */
export interface ItemRecord extends AuditFields {
  ITEMID?: string;
  NAME?: string;
  STATUS?: string;
  ITEMTYPE?: string;
  EXTENDED_DESCRIPTION?: string;
  PRODUCTLINEID?: string;
  GLGROUP?: string;
}

/** CUSTOMER (B8). ID field `CUSTOMERID`. */
export interface CustomerRecord extends AuditFields, MegaEntityFields {
  CUSTOMERID?: string;
  NAME?: string;
  STATUS?: string;
  TERMNAME?: string;
  ARACCOUNT?: string;
  CURRENCY?: string;
  TOTALDUE?: string;
  OBJECTRESTRICTION?: string;
}

/** VENDOR (B9). ID field `VENDORID`. */
export interface VendorRecord extends AuditFields, MegaEntityFields {
  VENDORID?: string;
  NAME?: string;
  STATUS?: string;
  ONETIME?: string;
  ONHOLD?: string;
  VENDTYPE?: string;
  PARENTID?: string;
  TAXID?: string;
  NAME1099?: string;
  FORM1099TYPE?: string;
  FORM1099BOX?: string;
  TERMNAME?: string;
  /** The vendor's DEFAULT EXPENSE account (confusingly named, B9). */
  APACCOUNT?: string;
  /** The AP liability account. */
  OFFSETGLACCOUNTNO?: string;
  PAYMETHODKEY?: string;
  CURRENCY?: string;
  TOTALDUE?: string;
  OBJECTRESTRICTION?: string;
  "DISPLAYCONTACT.EMAIL1"?: string;
  "DISPLAYCONTACT.PRINTAS"?: string;
}

/** APTERM (B10). ID is the term `NAME`. */
export interface ApTermRecord extends AuditFields {
  NAME?: string;
  DESCRIPTION?: string;
  STATUS?: string;
  DUEDATE?: string;
  DUEFROM?: string;
}

/** CHECKINGACCOUNT (B11). ID field `BANKACCOUNTID`. */
export interface CheckingAccountRecord extends AuditFields, MegaEntityFields {
  BANKACCOUNTID?: string;
  BANKACCOUNTNO?: string;
  GLACCOUNTNO?: string;
  BANKNAME?: string;
  STATUS?: string;
  CURRENCY?: string;
  LASTRECONCILEDBALANCE?: string;
  LASTRECONCILEDDATE?: string;
}

/** APBILLITEM (B13). */
export interface ApBillItemRecord extends IntacctRecord {
  RECORDNO?: string;
  RECORDKEY?: string;
  LINE_NO?: string;
  ACCOUNTNO?: string;
  ACCOUNTLABEL?: string;
  OFFSETGLACCOUNTNO?: string;
  TRX_AMOUNT?: string;
  AMOUNT?: string;
  ENTRYDESCRIPTION?: string;
  LOCATIONID?: string;
  DEPARTMENTID?: string;
  PROJECTID?: string;
  CLASSID?: string;
  CUSTOMERID?: string;
  EMPLOYEEID?: string;
  ITEMID?: string;
  BILLABLE?: string;
}

/** APBILL (B13). Transactions update by RECORDNO only. */
export interface ApBillRecord extends AuditFields, MegaEntityFields {
  RECORDID?: string;
  STATE?: string;
  RAWSTATE?: string;
  VENDORID?: string;
  VENDORNAME?: string;
  DOCNUMBER?: string;
  DESCRIPTION?: string;
  TERMNAME?: string;
  WHENPOSTED?: string;
  WHENDUE?: string;
  WHENPAID?: string;
  CURRENCY?: string;
  BASECURR?: string;
  TOTALENTERED?: string;
  TOTALPAID?: string;
  TOTALDUE?: string;
  TRX_TOTALENTERED?: string;
  TRX_TOTALPAID?: string;
  TRX_TOTALDUE?: string;
  SUPDOCID?: string;
  MODULEKEY?: string;
  AUWHENCREATED?: string;
  APBILLITEMS?: IntacctRecord;
}

/** APADJUSTMENT (B14). */
export interface ApAdjustmentRecord extends AuditFields, MegaEntityFields {
  RECORDID?: string;
  STATE?: string;
  VENDORID?: string;
  DOCNUMBER?: string;
  DESCRIPTION?: string;
  TOTALENTERED?: string;
  TOTALDUE?: string;
  CURRENCY?: string;
}

/** APPYMTDETAIL (B15): one application of a payment. */
export interface ApPaymentDetailRecord extends IntacctRecord {
  RECORDKEY?: string;
  ENTRYKEY?: string;
  POSADJKEY?: string;
  POSADJENTRYKEY?: string;
  TRX_PAYMENTAMOUNT?: string;
  ADJUSTMENTKEY?: string;
  ADJUSTMENTENTRYKEY?: string;
  TRX_ADJUSTMENTAMOUNT?: string;
  INLINEKEY?: string;
  INLINEENTRYKEY?: string;
  TRX_INLINEAMOUNT?: string;
  ADVANCEKEY?: string;
  TRX_POSTEDADVANCEAMOUNT?: string;
  DISCOUNTDATE?: string;
}

/** APPYMT (B15). */
export interface ApPaymentRecord extends AuditFields, MegaEntityFields {
  FINANCIALENTITY?: string;
  PAYMENTMETHOD?: string;
  VENDORID?: string;
  PAYMENTDATE?: string;
  CURRENCY?: string;
  DOCNUMBER?: string;
  DESCRIPTION?: string;
  STATE?: string;
  RECORDID?: string;
  WHENPAID?: string;
  TOTALENTERED?: string;
  TOTALPAID?: string;
  ACTION?: string;
  APPYMTDETAILS?: IntacctRecord;
}

/** ARINVOICE (B16). */
export interface ArInvoiceRecord extends AuditFields, MegaEntityFields {
  RECORDID?: string;
  STATE?: string;
  CUSTOMERID?: string;
  CUSTOMERNAME?: string;
  DOCNUMBER?: string;
  DESCRIPTION?: string;
  TERMNAME?: string;
  WHENPOSTED?: string;
  WHENDUE?: string;
  WHENPAID?: string;
  CURRENCY?: string;
  TOTALENTERED?: string;
  TOTALPAID?: string;
  TOTALDUE?: string;
}

/** ARPYMT (B16). */
export interface ArPaymentRecord extends AuditFields, MegaEntityFields {
  PAYMENTMETHOD?: string;
  RECEIPTDATE?: string;
  PAYMENTDATE?: string;
  CURRENCY?: string;
  FINANCIALENTITY?: string;
  UNDEPOSITEDACCOUNTNO?: string;
  CUSTOMERID?: string;
  DOCNUMBER?: string;
  DESCRIPTION?: string;
  STATE?: string;
  ARPYMTDETAILS?: IntacctRecord;
}

/** SUPDOC as returned by legacy `get`/`get_list` (B18; lower-case fields). */
export interface SupdocRecord extends IntacctRecord {
  supdocid?: string;
  supdocname?: string;
  folder?: string;
  description?: string;
  attachments?: IntacctRecord;
}

/** USERINFO (Part A1). ID field `LOGINID`. */
export interface UserInfoRecord extends AuditFields {
  LOGINID?: string;
  DESCRIPTION?: string;
  USERTYPE?: string;
  ADMIN?: string;
  STATUS?: string;
  LOGINDISABLED?: string;
  "CONTACTINFO.EMAIL1"?: string;
}

/** Record type by object name (`client.queryRecords({ object: "VENDOR", … })` yields `VendorRecord`s). */
export interface IntacctObjectRecords {
  GLACCOUNT: GlAccountRecord;
  DEPARTMENT: DepartmentRecord;
  LOCATION: LocationRecord;
  LOCATIONENTITY: LocationEntityRecord;
  CLASS: ClassRecord;
  PROJECT: ProjectRecord;
  EMPLOYEE: EmployeeRecord;
  ITEM: ItemRecord;
  CUSTOMER: CustomerRecord;
  VENDOR: VendorRecord;
  APTERM: ApTermRecord;
  CHECKINGACCOUNT: CheckingAccountRecord;
  APBILL: ApBillRecord;
  APBILLITEM: ApBillItemRecord;
  APADJUSTMENT: ApAdjustmentRecord;
  APPYMT: ApPaymentRecord;
  APPYMTDETAIL: ApPaymentDetailRecord;
  ARINVOICE: ArInvoiceRecord;
  ARPYMT: ArPaymentRecord;
  SUPDOC: SupdocRecord;
  USERINFO: UserInfoRecord;
}

/** The ID field `readByName` takes, per object (B0–B11). */
export const ID_FIELDS: Readonly<Partial<Record<keyof IntacctObjectRecords, string>>> = {
  GLACCOUNT: "ACCOUNTNO",
  DEPARTMENT: "DEPARTMENTID",
  LOCATION: "LOCATIONID",
  LOCATIONENTITY: "LOCATIONID",
  CLASS: "CLASSID",
  PROJECT: "PROJECTID",
  EMPLOYEE: "EMPLOYEEID",
  ITEM: "ITEMID",
  CUSTOMER: "CUSTOMERID",
  VENDOR: "VENDORID",
  APTERM: "NAME",
  CHECKINGACCOUNT: "BANKACCOUNTID",
  USERINFO: "LOGINID",
};
