/**
 * Value formats of `intacct-objects-permissions.md` §0.3: dates `mm/dd/yyyy`, timestamps
 * `mm/dd/yyyy HH:MM:SS` (24 h, in the user's time zone — the sandbox renders them at a fixed
 * offset, UTC by default), amounts rounded to two decimals.
 */
import { parseUsDateTime } from "../query/evaluate.js";

const pad = (n: number): string => String(n).padStart(2, "0");

/** Formats a sandbox-clock instant as a DATE (`mm/dd/yyyy`) at `offsetMinutes` from UTC. */
export function formatDate(ms: number, offsetMinutes = 0): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

/** Formats a sandbox-clock instant as a TIMESTAMP (`mm/dd/yyyy HH:MM:SS`). */
export function formatTimestamp(ms: number, offsetMinutes = 0): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  return `${formatDate(ms, offsetMinutes)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Normalizes an input date (`m/d/yyyy`, `mm/dd/yyyy` or `yyyy-mm-dd`) to `mm/dd/yyyy`; null when invalid. */
export function normalizeDate(input: string): string | null {
  const ms = parseUsDateTime(input);
  if (ms === null || /\d:\d/.test(input)) return null;
  return formatDate(ms);
}

/** `mm/dd/yyyy` → `yyyy-mm-dd` (sortable); null when invalid. */
export function toIsoDate(usDate: string): string | null {
  const ms = parseUsDateTime(usDate);
  if (ms === null) return null;
  return new Date(ms).toISOString().slice(0, 10);
}

/** `yyyy-mm-dd` → `mm/dd/yyyy`. */
export function fromIsoDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${m ?? ""}/${d ?? ""}/${y ?? ""}`;
}

/** Reads a decimal amount; null when not a plain decimal. */
export function parseAmount(input: string): number | null {
  const t = input.trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  return Math.round(Number(t) * 100) / 100;
}

/** Renders an amount with two decimals (`1250.00`, `-150.00`). */
export function formatAmount(n: number): string {
  const r = Math.round(n * 100) / 100;
  return (Object.is(r, -0) ? 0 : r).toFixed(2);
}

/** Adds days to a `mm/dd/yyyy` date. */
export function addDays(usDate: string, days: number): string {
  const ms = parseUsDateTime(usDate) ?? 0;
  return formatDate(ms + days * 86_400_000);
}
