// The load generator for the HTTP benches: wrk (C, one thread, Debian package `wrk`) when it is
// installed, autocannon otherwise. wrk costs the server far less CPU on a 2-core machine where both
// share the cores (docs/benchmarks.md), so its figures are the ones reported.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

export interface LoadRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** Sent in turn, round robin; wrk pre-formats all of them, so keep them unique where it matters. */
  readonly requests: readonly LoadRequest[];
  /** A run of this many seconds first, not reported: JIT and database caches warm up. */
  readonly warmupSeconds?: number;
}

export interface LoadResult {
  /** Requests answered 2xx. */
  readonly ok: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  /** The warm-up run, when there was one. */
  readonly warmup?: LoadResult;
}

export const loadGenerator: 'wrk' | 'autocannon' = spawnSync('wrk', ['--version']).error ? 'autocannon' : 'wrk';

// One request per line: the header names, tab, their values, tab, the body (single-line JSON).
const WRK_SCRIPT = `
local reqs = {}
local i = 0
function init(args)
  for line in io.lines(args[1]) do
    local names, values, body = line:match("^([^\\t]*)\\t([^\\t]*)\\t(.*)$")
    local headers = {}
    local vs = {}
    for v in values:gmatch("[^,]+") do vs[#vs + 1] = v end
    local k = 1
    for n in names:gmatch("[^,]+") do headers[n] = vs[k]; k = k + 1 end
    reqs[#reqs + 1] = wrk.format("POST", nil, headers, body)
  end
end
function request()
  i = i + 1
  return reqs[((i - 1) % #reqs) + 1]
end
`;

/**
 * Drives `url` with POSTs for `seconds` (after an optional warm-up) and reports what came back;
 * failed requests of the measured run are also printed, so no table hides them.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const warmup = options.warmupSeconds ? await once({ ...options, seconds: options.warmupSeconds }) : undefined;
  const result = await once(options);
  if (result.failed > 0) console.warn(`  ! ${result.failed} requests failed (non-2xx or socket errors)`);
  return warmup ? { ...result, warmup } : result;
}

function once(options: LoadOptions): Promise<LoadResult> {
  return loadGenerator === 'wrk' ? withWrk(options) : withAutocannon(options);
}

async function withWrk(options: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-wrk-'));
  try {
    const lines = options.requests.map((r) => {
      if (/[\t\n]/.test(r.body)) throw new Error('wrk requests must be single-line bodies without tabs');
      const names = Object.keys(r.headers);
      return `${names.join(',')}\t${names.map((n) => r.headers[n]).join(',')}\t${r.body}`;
    });
    writeFileSync(path.join(dir, 'requests.txt'), `${lines.join('\n')}\n`);
    writeFileSync(path.join(dir, 'post.lua'), WRK_SCRIPT);
    const args = [
      '-t1',
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      '--latency',
      '--timeout',
      '10s',
      '-s',
      path.join(dir, 'post.lua'),
      options.url,
      '--',
      path.join(dir, 'requests.txt'),
    ];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
    });
    return parseWrk(output, options.seconds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads wrk's summary: completed requests, non-2xx, socket errors and the latency percentiles. */
export function parseWrk(output: string, seconds: number): LoadResult {
  const completed = Number(/(\d+) requests in/.exec(output)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const failed = non2xx + (errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0);
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
    if (!match) throw new Error(`wrk printed no ${p}% latency:\n${output}`);
    return Number(match[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[match[2] as 'us' | 'ms' | 's'];
  };
  if (Number.isNaN(completed)) throw new Error(`wrk printed no summary:\n${output}`);
  const ok = completed - non2xx;
  return { ok, rps: ok / seconds, p50: percentile('50'), p99: percentile('99'), failed };
}

async function withAutocannon(options: LoadOptions): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const next = options.requests[i++ % options.requests.length]!;
          return { ...req, body: next.body, headers: { ...next.headers } };
        },
      },
    ],
  });
  return {
    ok: result['2xx'],
    rps: result['2xx'] / options.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
  };
}
