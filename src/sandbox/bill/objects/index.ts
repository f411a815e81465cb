/** Every emulated object, in seed (dependency) order. */
import type { ObjectName, ObjectSpec } from "./common.js";
import { accountingClassSpec, chartOfAccountSpec, customerSpec, departmentSpec, employeeSpec, itemSpec, jobSpec, locationSpec, paymentTermSpec, vendorSpec } from "./lists.js";
import { billSpec, paymentSpec, vendorCreditSpec } from "./payables.js";
import { invoiceSpec, receivablePaymentSpec } from "./receivables.js";

/** Specs in dependency order: lists, then credits and bills, then payments, then AR. */
export const OBJECT_SPECS: readonly ObjectSpec[] = [
  chartOfAccountSpec,
  departmentSpec,
  locationSpec,
  accountingClassSpec,
  employeeSpec,
  jobSpec,
  itemSpec,
  paymentTermSpec,
  vendorSpec,
  customerSpec,
  vendorCreditSpec,
  billSpec,
  paymentSpec,
  invoiceSpec,
  receivablePaymentSpec,
];

/** Spec by object name. */
export const SPEC_BY_NAME: ReadonlyMap<ObjectName, ObjectSpec> = new Map(OBJECT_SPECS.map((s) => [s.name, s]));
