/** Accounts, Login Info, credential encryption and the account connector. */
export { type AccountConnectorOptions, createAccountConnector } from "./account-connector.js";
export type { AccountClients, AccountConnector, ConnectionTest } from "./connector-port.js";
export { AccountService, type AccountServiceOptions, type AccountView, type AddAccountInput, type PlatformLogin } from "./accounts.js";
export { ConnectionError, type ConnectionErrorCode } from "./connection-error.js";
export { createCredentialCipher, type CredentialCipher } from "./credential-cipher.js";
export { findLoginInfoProblems, type LoginInfo, type LoginInfoProblem, maskLoginInfo, type MaskedLoginInfo, PASSWORD_MASK } from "./login-info.js";
export { loadSecretKey, type LoadedSecretKey } from "./secret-key.js";
