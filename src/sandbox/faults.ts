import { z } from 'zod';

/** Faults the sandbox injects, set from the page or from config (docs/sandbox.md). */
export const faultsSchema = z.strictObject({
  /** Deliver every webhook POST twice (Meta delivers at least once, docs/protocol.md §6). */
  duplicate: z.boolean().default(false),
  /** Hold each delivery back and send it after the next one (order is not guaranteed, docs/protocol.md §6). */
  reorder: z.boolean().default(false),
  /** Delay before each webhook delivery, ms. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** The next N Graph API calls answer 500 (code 2, service unavailable). */
  graph5xx: z.number().int().min(0).max(1000).default(0),
  /** The next N Graph API calls answer 429 (code 130429, rate limit hit). */
  graph429: z.number().int().min(0).max(1000).default(0),
});
export type Faults = z.infer<typeof faultsSchema>;

/** Parses `duplicate,reorder,latency=200,5xx=3,429=2` (the SANDBOX_FAULTS setting). */
export function parseFaultSpec(spec: string | undefined): Faults {
  const faults: Record<string, unknown> = {};
  for (const part of (spec ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value] = part.split('=') as [string, string | undefined];
    const n = value === undefined ? undefined : Number(value);
    if (key === 'duplicate' || key === 'reorder') faults[key] = true;
    else if (key === 'latency') faults.latencyMs = n;
    else if (key === '5xx') faults.graph5xx = n;
    else if (key === '429') faults.graph429 = n;
    else throw new Error(`unknown sandbox fault "${key}"`);
  }
  return faultsSchema.parse(faults);
}
