/**
 * Fault injection and the load model (issue 3 §8): latency per request and per function, the
 * per-company concurrency limit, HTTP errors before or after the operation commits, dropped
 * connections. Random choices use a seeded RNG so a failing run can be replayed.
 */
import { IntacctSandboxLimits } from "./limits.js";
import { SandboxError } from "./sandbox-error.js";

/** When a fault strikes: before the operation runs (nothing changed) or after it committed. */
export type FaultPhase = "before-commit" | "after-commit";

/** Which requests a rule hits. With neither `rate` nor `nth`, every matching request. */
export interface FaultTrigger {
  /** Only requests for this company (case-insensitive). @default every company */
  readonly companyId?: string;
  /** Probability per matching request, 0–1, drawn from the seeded RNG. */
  readonly rate?: number;
  /** Fire on the Nth matching request counted from when the rule was set (1-based). */
  readonly nth?: number;
  /** Fire at most this many times. @default 1 with `nth`, unlimited otherwise */
  readonly times?: number;
}

/** One fault rule. */
export type FaultRule =
  | (FaultTrigger & {
      readonly kind: "http-error";
      /** HTTP status, 500–599 (e.g. 500, 502, 503, 524). */
      readonly status: number;
      readonly phase: FaultPhase;
      /** Body to send (plain text). @default "" (mid-process failures carry no XML, §1.2) */
      readonly body?: string;
    })
  | (FaultTrigger & {
      readonly kind: "drop-connection";
      readonly phase: FaultPhase;
    });

/** Latency of each request, in milliseconds. */
export interface LatencyModel {
  /** Per request. @default 0 */
  readonly requestMs: number;
  /** Per function in the request. @default 0 */
  readonly functionMs: number;
  /** Uniform random extra, 0..jitterMs, from the seeded RNG. @default 0 */
  readonly jitterMs: number;
  /**
   * How the modelled time relates to the sandbox's own work:
   * - `added`: slept before the operation runs, so a request takes the modelled time PLUS the
   *   sandbox's processing (encode, SQLite, validation);
   * - `service-time`: the modelled time is the request's whole service time, counted from the
   *   moment it holds a concurrency slot; the operation runs first and the sandbox sleeps only
   *   what is left (a request whose processing alone takes longer answers when it is done).
   *   Use it to model Intacct's own time per request and per function without the emulator's
   *   CPU (which shares the machine with the client under test) on top. A `before-commit` fault
   *   still answers after the full modelled time with nothing run.
   * @default "added"
   */
  readonly mode?: "added" | "service-time";
}

/** Named latency models. `intacct` is a rough model of production (UNCONFIRMED; no Sage figures). */
export const LATENCY_PRESETS: Readonly<Record<"none" | "intacct", LatencyModel>> = {
  none: { requestMs: 0, functionMs: 0, jitterMs: 0 },
  intacct: { requestMs: 250, functionMs: 40, jitterMs: 100 },
};

/** Everything the admin API can set. */
export interface FaultSettings {
  readonly latency: LatencyModel;
  /** Concurrent requests per company before 429 `GW-0010`; 0 = unlimited. Companies may override. */
  readonly concurrencyLimit: number;
  /** `Retry-After` seconds on a 429; null = no header. */
  readonly retryAfterSeconds: number | null;
  /** How long a request over the limit waits for a slot before the 429, in ms (3P: ~30 s; default: none). */
  readonly queueTimeoutMs: number;
  /**
   * Body of the 429: `xml` (a `GW-0010` control failure, what the SDK parses) or `text` (plain,
   * what some third-party clients expect; A10 says both are UNCONFIRMED).
   */
  readonly rateLimitBody: "xml" | "text";
  readonly rules: readonly FaultRule[];
}

/** Defaults: no latency, limit 2, `Retry-After: 1`, XML body, no queueing, no rules. */
export const DEFAULT_FAULT_SETTINGS: FaultSettings = {
  latency: LATENCY_PRESETS.none,
  concurrencyLimit: IntacctSandboxLimits.concurrencyPerCompany,
  retryAfterSeconds: IntacctSandboxLimits.retryAfterSeconds,
  queueTimeoutMs: 0,
  rateLimitBody: "xml",
  rules: [],
};

/** Deterministic PRNG (mulberry32), uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RuleState {
  readonly rule: FaultRule;
  seen: number;
  fired: number;
}

/** Live fault state of one sandbox. */
export class FaultState {
  #settings: FaultSettings;
  #rules: RuleState[];
  readonly #random: () => number;

  constructor(settings: Partial<FaultSettings> = {}, seed = 1) {
    this.#settings = { ...DEFAULT_FAULT_SETTINGS, ...settings };
    validate(this.#settings);
    this.#rules = this.#settings.rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
    this.#random = seededRandom(seed);
  }

  get settings(): FaultSettings {
    return { ...this.#settings, rules: this.#rules.map((r) => r.rule) };
  }

  /** Merges new settings; `rules`, when given, replaces the rule list (counting restarts). */
  update(patch: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.#settings, ...patch };
    validate(next);
    this.#settings = next;
    if (patch.rules) this.#rules = patch.rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
    return this.settings;
  }

  /** Adds one rule. */
  addRule(rule: FaultRule): void {
    validate({ ...this.#settings, rules: [rule] });
    this.#rules.push({ rule, seen: 0, fired: 0 });
  }

  /** Back to the defaults (keeps the RNG sequence). */
  clear(): void {
    this.#settings = DEFAULT_FAULT_SETTINGS;
    this.#rules = [];
  }

  /** Latency for a request with `functions` functions, in ms. */
  latencyMs(functions: number): number {
    const l = this.#settings.latency;
    const jitter = l.jitterMs > 0 ? this.#random() * l.jitterMs : 0;
    return l.requestMs + l.functionMs * functions + jitter;
  }

  /** Decides, once per request, which rule (if any) strikes this request. */
  decide(companyId: string): FaultRule | undefined {
    let chosen: FaultRule | undefined;
    for (const state of this.#rules) {
      const r = state.rule;
      if (r.companyId !== undefined && r.companyId.toUpperCase() !== companyId.toUpperCase()) continue;
      state.seen += 1;
      if (chosen) continue;
      const limit = r.times ?? (r.nth !== undefined ? 1 : Number.POSITIVE_INFINITY);
      if (state.fired >= limit) continue;
      const hit = r.nth !== undefined ? state.seen >= r.nth : r.rate !== undefined ? this.#random() < r.rate : true;
      if (hit) {
        state.fired += 1;
        chosen = r;
      }
    }
    return chosen;
  }
}

function validate(s: FaultSettings): void {
  const bad = (m: string): never => {
    throw new SandboxError("INVALID_ARGUMENT", m);
  };
  if (!(s.concurrencyLimit >= 0) || !Number.isInteger(s.concurrencyLimit)) bad("concurrencyLimit must be an integer ≥ 0");
  if (!(s.queueTimeoutMs >= 0)) bad("queueTimeoutMs must be ≥ 0");
  if (s.retryAfterSeconds !== null && !(s.retryAfterSeconds >= 0)) bad("retryAfterSeconds must be ≥ 0 or null");
  for (const k of ["requestMs", "functionMs", "jitterMs"] as const) if (!(s.latency[k] >= 0)) bad(`latency.${k} must be ≥ 0`);
  for (const r of s.rules) {
    if (r.kind !== "http-error" && r.kind !== "drop-connection") bad(`unknown fault kind '${String((r as { kind: unknown }).kind)}'`);
    if (r.phase !== "before-commit" && r.phase !== "after-commit") bad("phase must be before-commit or after-commit");
    if (r.kind === "http-error" && !(Number.isInteger(r.status) && r.status >= 500 && r.status <= 599)) bad("status must be 500–599");
    if (r.rate !== undefined && !(r.rate >= 0 && r.rate <= 1)) bad("rate must be between 0 and 1");
    if (r.nth !== undefined && !(Number.isInteger(r.nth) && r.nth >= 1)) bad("nth must be an integer ≥ 1");
  }
}
