/**
 * Secrets handed to clients: API tokens and session ids are 32 random bytes (base64url); only
 * their SHA-256 reaches the store, so a database dump signs nobody in. SHA-256 without a salt is
 * enough here because the secrets are random, not chosen by people.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Prefix of every API token, so leaked tokens are easy to recognise (and to scan for). */
export const API_TOKEN_PREFIX = "isk_";

/** 32 random bytes, base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** A new API token: `isk_` + 43 characters. */
export function generateApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomSecret()}`;
}

/** SHA-256 of a secret, hex: what the store keeps. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The part of a token shown in lists: `isk_` and its next 6 characters. */
export function tokenDisplayPrefix(token: string): string {
  return token.slice(0, API_TOKEN_PREFIX.length + 6);
}

/** Compares two strings in constant time (for their length). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
