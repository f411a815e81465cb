/**
 * Accounts: one platform organization plus its Sage Intacct Login Info. Passwords are encrypted
 * with {@link CredentialCipher} before they reach the store and leave it only through
 * {@link AccountService.loginInfo}; every other view shows `********`.
 */
import type { JsonObject, Store } from "../store/port.js";
import { StoreError } from "../store/store-error.js";
import { ConnectionError } from "./connection-error.js";
import type { CredentialCipher } from "./credential-cipher.js";
import { type LoginInfo, PASSWORD_MASK } from "./login-info.js";

/** An account as shown to people and scripts (no secret). */
export interface AccountView {
  readonly id: string;
  readonly name: string;
  readonly platformOrgId: string;
  readonly companyId: string;
  readonly userId: string;
  readonly password: typeof PASSWORD_MASK;
  /** `""` = top level. */
  readonly entityId: string;
  readonly preferences: JsonObject;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of {@link AccountService.add}. */
export interface AddAccountInput {
  /** Stable id, `[A-Za-z0-9._-]`, 1–64 characters. */
  readonly id: string;
  /** @default id */
  readonly name?: string;
  /** The platform (BILL) organization. @default id */
  readonly platformOrgId?: string;
  readonly loginInfo: LoginInfo;
  /** @default {} */
  readonly preferences?: JsonObject;
  /** Replace the Login Info of an existing account with this id instead of failing. @default false */
  readonly replace?: boolean;
}

/** Options of {@link AccountService}. */
export interface AccountServiceOptions {
  readonly store: Store;
  readonly cipher: CredentialCipher;
}

const ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Accounts CRUD over the store, with encryption.
 *
 * @example
 * const accounts = new AccountService({ store, cipher });
 * await accounts.add({ id: "us", loginInfo: { companyId: "DEMO", userId: "XML_Bill.com", password, entityId: "US" } });
 */
export class AccountService {
  readonly #store: Store;
  readonly #cipher: CredentialCipher;

  constructor(options: AccountServiceOptions) {
    this.#store = options.store;
    this.#cipher = options.cipher;
  }

  /** Adds an account (or replaces its Login Info with `replace`). */
  async add(input: AddAccountInput): Promise<AccountView> {
    if (!ID_RE.test(input.id)) throw new ConnectionError("LOGIN_INFO_INVALID", `Account id ${JSON.stringify(input.id)} must be 1-64 letters, digits, dots, dashes or underscores.`);
    const { companyId, userId, password, entityId } = input.loginInfo;
    if (companyId === "" || userId === "" || password === "") {
      throw new ConnectionError("LOGIN_INFO_INVALID", "Company ID, User ID and password are required (Entity ID may be blank for the top level).");
    }
    const fields = {
      name: input.name ?? input.id,
      platformOrgId: input.platformOrgId ?? input.id,
      companyId,
      userId,
      passwordEncrypted: this.#cipher.encrypt(password, input.id),
      entityId,
    };
    if (input.replace === true && (await this.#store.accounts.get(input.id)) !== undefined) {
      const updated = await this.#store.accounts.update(input.id, { ...fields, ...(input.preferences === undefined ? {} : { preferences: input.preferences }) });
      return toView(updated);
    }
    try {
      return toView(await this.#store.accounts.create({ id: input.id, ...fields, preferences: input.preferences ?? {} }));
    } catch (e) {
      if (e instanceof StoreError && e.code === "CONFLICT") throw new ConnectionError("ACCOUNT_EXISTS", e.message, { cause: e });
      throw e;
    }
  }

  async list(): Promise<AccountView[]> {
    return (await this.#store.accounts.list()).map(toView);
  }

  /** The account, or `ACCOUNT_NOT_FOUND`. */
  async show(id: string): Promise<AccountView> {
    const a = await this.#store.accounts.get(id);
    if (a === undefined) throw notFound(id);
    return toView(a);
  }

  /** Removes the account and everything recorded for it; `ACCOUNT_NOT_FOUND` when missing. */
  async remove(id: string): Promise<void> {
    if (!(await this.#store.accounts.remove(id))) throw notFound(id);
  }

  /** Decrypted Login Info, for the Intacct client only. Never log or print the result. */
  async loginInfo(id: string): Promise<LoginInfo> {
    const a = await this.#store.accounts.get(id);
    if (a === undefined) throw notFound(id);
    return { companyId: a.companyId, userId: a.userId, password: this.#cipher.decrypt(a.passwordEncrypted, a.id), entityId: a.entityId };
  }

  /** Other accounts on the same Intacct company (the guide's several-entities case). */
  async siblings(id: string): Promise<AccountView[]> {
    const me = await this.show(id);
    return (await this.list()).filter((a) => a.id !== id && a.companyId.trim().toLowerCase() === me.companyId.trim().toLowerCase());
  }
}

function notFound(id: string): ConnectionError {
  return new ConnectionError("ACCOUNT_NOT_FOUND", `No account with id "${id}". List them with: intacct-sync accounts list`);
}

function toView(a: { readonly id: string; readonly name: string; readonly platformOrgId: string; readonly companyId: string; readonly userId: string; readonly entityId: string; readonly preferences: JsonObject; readonly createdAt: string; readonly updatedAt: string }): AccountView {
  return {
    id: a.id,
    name: a.name,
    platformOrgId: a.platformOrgId,
    companyId: a.companyId,
    userId: a.userId,
    password: PASSWORD_MASK,
    entityId: a.entityId,
    preferences: a.preferences,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
