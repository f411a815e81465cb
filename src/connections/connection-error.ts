/** Errors of the connections boundary (accounts, Login Info, credential encryption). */
import { AppError } from "../domain/errors.js";

/**
 * - `LOGIN_INFO_INVALID`: a required Login Info field is missing or malformed.
 * - `ACCOUNT_NOT_FOUND` / `ACCOUNT_EXISTS`: by id or platform organization.
 * - `SECRET_KEY_INVALID`: the encryption key is missing, malformed or exposed.
 * - `DECRYPT_FAILED`: a stored password cannot be decrypted with this key (wrong key, tampered row).
 * - `PLATFORM_LOGIN_MISSING`: the account has no BILL sign-in (and no fallback was configured).
 * - `CONNECTOR_CLOSED`: the account connector was closed.
 */
export type ConnectionErrorCode = "LOGIN_INFO_INVALID" | "ACCOUNT_NOT_FOUND" | "ACCOUNT_EXISTS" | "SECRET_KEY_INVALID" | "DECRYPT_FAILED" | "PLATFORM_LOGIN_MISSING" | "CONNECTOR_CLOSED";

/** A user-side error about accounts or their credentials (exit code 2 on the CLI). */
export class ConnectionError extends AppError<ConnectionErrorCode> {
  constructor(code: ConnectionErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, { ...options, side: "user" });
  }
}
