// Flow endpoint benchmark (docs/benchmarks.md): the real flowbook server against a bare reference server,
// driven by wrk (autocannon when wrk is missing) on loopback with the same encrypted, signed
// requests. Bounded: 4 runs of WARMUP + DURATION seconds each. Usage: npx tsx bench/endpoint.ts [seconds]
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parsePrivateKey } from '../src/config.ts';
import { encryptFlowRequest, envelopeBody } from '../src/flows/crypto.ts';
import { createFlowTokenCodec } from '../src/flows/token.ts';
import { signBody } from '../src/http/signature.ts';
import { load as drive, loadGenerator } from './load.ts';

const DURATION = Number(process.argv[2] ?? 8);
const CONNECTIONS = 16;
const WARMUP = 2;
const root = path.resolve(import.meta.dirname, '..');
const keyFile = path.join(root, 'test/fixtures/keys/pkcs8.pem');
const publicPem = readFileSync(path.join(root, 'test/fixtures/keys/public.pem'), 'utf8');
const SECRET = 'bench-secret';

function body(payload: unknown) {
  const text = envelopeBody(encryptFlowRequest(payload, publicPem).envelope);
  return { body: text, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(text, SECRET) } };
}

async function waitFor(url: string) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

function load(url: string, request: { body: string; headers: Record<string, string> }) {
  return drive({ url, connections: CONNECTIONS, seconds: DURATION, warmupSeconds: WARMUP, requests: [request] });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-bench-'));
const children: ChildProcess[] = [];
try {
  const bare = fork(path.join(root, 'bench/bare-flow-server.ts'), ['3901', keyFile, SECRET], {
    execArgv: ['--import', 'tsx'],
    stdio: 'ignore',
  });
  children.push(bare);
  const app = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: '3902',
      DATA_DIR: dataDir,
      APP_SECRET: SECRET,
      PRIVATE_KEY_FILE: keyFile,
      FLOWBOOK_MODE: 'sandbox',
      LOG_LEVEL: 'warn',
    },
  });
  children.push(app);
  await waitFor('http://127.0.0.1:3902/healthz');
  await new Promise((r) => setTimeout(r, 500));

  const tokens = createFlowTokenCodec(parsePrivateKey(readFileSync(keyFile, 'utf8'), undefined));
  const token = tokens.mint({ customer: '447700900123', language: 'en_US' }, Date.now()).token;
  const ping = body({ version: '3.0', action: 'ping' });
  const init = body({ version: '3.0', action: 'INIT', flow_token: token });
  const date = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const times = body({
    version: '3.0',
    action: 'data_exchange',
    screen: 'APPOINTMENT',
    flow_token: token,
    data: { trigger: 'date_selected', department: 'clothing', location: 'oxford-street', date },
  });
  // The salon (issue #14): a staff service's calendar for "anyone", and one member's times on a day she works.
  const wednesday = new Date(Date.now() + 2 * 86_400_000);
  while (wednesday.getUTCDay() !== 3) wednesday.setUTCDate(wednesday.getUTCDate() + 1);
  const staffDates = body({
    version: '3.0',
    action: 'data_exchange',
    screen: 'APPOINTMENT',
    flow_token: token,
    data: { trigger: 'location_selected', department: 'haircut', staff: '_anyone', location: 'kings-cross' },
  });
  const staffTimes = body({
    version: '3.0',
    action: 'data_exchange',
    screen: 'APPOINTMENT',
    flow_token: token,
    data: {
      trigger: 'date_selected',
      department: 'colour',
      staff: 'ana',
      location: 'kings-cross',
      date: wednesday.toISOString().slice(0, 10),
    },
  });

  console.log(
    `Flow endpoint bench: ${cpus().length} cores (${cpus()[0]?.model}), ${loadGenerator} ${CONNECTIONS} connections × ${DURATION}s after ${WARMUP}s warm-up, loopback`,
  );
  const bareRun = await load('http://127.0.0.1:3901/', ping);
  const rows = [
    ['bare node:http ping (1 process, RSA on its event loop)', bareRun],
    ['flowbook ping', await load('http://127.0.0.1:3902/flow', ping)],
    ['flowbook INIT', await load('http://127.0.0.1:3902/flow', init)],
    ['flowbook data_exchange date_selected (real availability)', await load('http://127.0.0.1:3902/flow', times)],
    ['flowbook location_selected, haircut with anyone (dates)', await load('http://127.0.0.1:3902/flow', staffDates)],
    ['flowbook date_selected, colour with Ana (times)', await load('http://127.0.0.1:3902/flow', staffTimes)],
  ] as const;
  console.log('\n| scenario | req/s | × bare | p50 ms | p99 ms |\n|---|---|---|---|---|');
  for (const [name, r] of rows) {
    console.log(
      `| ${name} | ${r.rps.toFixed(0)} | ${(r.rps / bareRun.rps).toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`,
    );
  }
  const [, pingRun] = rows[1];
  const [, initRun] = rows[2];
  const [, timesRun] = rows[3];
  const [, staffDatesRun] = rows[4];
  const [, staffTimesRun] = rows[5];
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    `\ntargets: ping ≥ 0.85× ${verdict(pingRun.rps >= 0.85 * bareRun.rps)}, ping p99 < 20 ms ${verdict(pingRun.p99 < 20)}, ` +
      `INIT ≥ 0.7× ${verdict(initRun.rps >= 0.7 * bareRun.rps)}, data_exchange ≥ 0.7× ${verdict(timesRun.rps >= 0.7 * bareRun.rps)}, ` +
      `ping on both cores ≥ 1.5× ${verdict(pingRun.rps >= 1.5 * bareRun.rps)} (${cpus().length} cores), ` +
      `staff dates and times ≥ 1.0× ${verdict(Math.min(staffDatesRun.rps, staffTimesRun.rps) >= bareRun.rps)}`,
  );
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dataDir, { recursive: true, force: true });
}
