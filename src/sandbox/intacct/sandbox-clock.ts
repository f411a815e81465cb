/**
 * The sandbox clock: a base clock plus an offset, or frozen at a set time. The admin API moves
 * it (advance, set, freeze); every time the sandbox reads (session expiry, WHENCREATED, uniqueid
 * records, readMore expiry) comes from here, never from `Date.now()` (Miniflare: "the current
 * time is passed in").
 */
import { AdjustableClock } from "../../domain/clock.js";

/** A clock the admin API controls (the shared {@link AdjustableClock}). */
export class SandboxClock extends AdjustableClock {}
