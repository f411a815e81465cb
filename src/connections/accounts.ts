/**
 * Accounts: one platform organization plus its Sage Intacct Login Info and its BILL sign-in.
 * Passwords (and the BILL developer key) are encrypted with {@link CredentialCipher} before they
 * reach the store and leave it only through {@link AccountService.loginInfo} and
 * {@link AccountService.platformLogin}; every other view shows `********` or whether it is set.
 */
import type { AccountRecord, JsonObject, Store } from "../store/port.js";
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
  /** BILL sign-in user name, or `null` when the account's BILL sign-in is not set. */
  readonly platformUsername: string | null;
  /** Whether the BILL sign-in (user name, password, developer key) is stored. */
  readonly platformLoginSet: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * An account's BILL sign-in (`bill-api.md` /v3/login); the organization is the account's
 * `platformOrgId`.
 */
export interface PlatformLogin {
  readonly username: string;
  readonly password: string;
  /** The developer key BILL issued for this integration. */
  readonly devKey: string;
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
  /** The BILL sign-in; can be set later with {@link AccountService.setPlatformLogin}. @default not set */
  readonly platformLogin?: PlatformLogin;
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
      ...(input.platformLogin === undefined ? {} : this.#encryptPlatformLogin(input.id, input.platformLogin)),
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

  /**
   * Stores (or replaces) the account's BILL sign-in, encrypted. `LOGIN_INFO_INVALID` when a field
   * is empty, `ACCOUNT_NOT_FOUND` when the account is missing.
   */
  async setPlatformLogin(id: string, login: PlatformLogin): Promise<AccountView> {
    if ((await this.#store.accounts.get(id)) === undefined) throw notFound(id);
    return toView(await this.#store.accounts.update(id, this.#encryptPlatformLogin(id, login)));
  }

  /**
   * Decrypted BILL sign-in, for the connector only (never log or print it); `undefined` when the
   * account has none stored. `ACCOUNT_NOT_FOUND`, or `DECRYPT_FAILED` with another key.
   */
  async platformLogin(id: string): Promise<PlatformLogin | undefined> {
    const a = await this.#store.accounts.get(id);
    if (a === undefined) throw notFound(id);
    if (a.platformUsername === undefined || a.platformSecretEncrypted === undefined) return undefined;
    const secret: unknown = JSON.parse(this.#cipher.decrypt(a.platformSecretEncrypted, platformContext(a.id)));
    if (typeof secret !== "object" || secret === null || !("password" in secret) || !("devKey" in secret) || typeof secret.password !== "string" || typeof secret.devKey !== "string") {
      throw new ConnectionError("DECRYPT_FAILED", "Stored BILL sign-in has an unknown format. Re-enter it with `intacct-sync accounts set --bill-username …`.");
    }
    return { username: a.platformUsername, password: secret.password, devKey: secret.devKey };
  }

  #encryptPlatformLogin(id: string, login: PlatformLogin): { platformUsername: string; platformSecretEncrypted: string } {
    const missing = [login.username === "" ? "user name" : "", login.password === "" ? "password" : "", login.devKey === "" ? "developer key" : ""].filter((m) => m !== "");
    if (missing.length > 0) throw new ConnectionError("LOGIN_INFO_INVALID", `The BILL sign-in needs a ${missing.join(", ")}.`);
    if (login.username !== login.username.trim()) throw new ConnectionError("LOGIN_INFO_INVALID", `The BILL user name ${JSON.stringify(login.username)} has leading or trailing spaces.`);
    return { platformUsername: login.username, platformSecretEncrypted: this.#cipher.encrypt(JSON.stringify({ password: login.password, devKey: login.devKey }), platformContext(id)) };
  }

  /** Other accounts on the same Intacct company (the guide's several-entities case). */
  async siblings(id: string): Promise<AccountView[]> {
    const me = await this.show(id);
    return (await this.list()).filter((a) => a.id !== id && a.companyId.trim().toLowerCase() === me.companyId.trim().toLowerCase());
  }
}

/** Additional authenticated data of the BILL secret: distinct from the Intacct password's, so the two cannot be swapped. */
function platformContext(id: string): string {
  return `${id}#bill`;
}

function notFound(id: string): ConnectionError {
  return new ConnectionError("ACCOUNT_NOT_FOUND", `No account with id "${id}". List them with: intacct-sync accounts list`);
}

function toView(a: AccountRecord): AccountView {
  return {
    id: a.id,
    name: a.name,
    platformOrgId: a.platformOrgId,
    companyId: a.companyId,
    userId: a.userId,
    password: PASSWORD_MASK,
    entityId: a.entityId,
    preferences: a.preferences,
    platformUsername: a.platformUsername ?? null,
    platformLoginSet: a.platformUsername !== undefined && a.platformSecretEncrypted !== undefined,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
