import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPublicKey } from 'node:crypto';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { decryptFlowResponse, encryptFlowRequest, envelopeBody } from '../../src/flows/crypto.ts';
import { signBody } from '../../src/http/signature.ts';
import { createLogger, type Logger } from '../../src/log.ts';

export const APP_SECRET = 'test-app-secret';
export const KEYS = path.join(import.meta.dirname, '../fixtures/keys');
/** Monday 23 November 2026, 08:00 London. */
const MONDAY_8AM = Date.parse('2026-11-23T08:00:00Z');

export interface TestApp extends App {
  /** The WhatsApp client's side: encrypt, sign, POST /flow, decrypt. */
  flow(
    payload: Record<string, unknown>,
    options?: { sign?: string | false },
  ): Promise<{ status: number; body: any; raw: string }>;
  mint(phone?: string, language?: string): string;
  setNow(ms: number): void;
  dispose(): Promise<void>;
}

/** A real app on PGlite in a temp DATA_DIR with the fixture key and a settable clock. */
export async function startTestApp(
  env: Record<string, string> = {},
  log: Logger = createLogger('silent'),
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-test-'));
  let now = MONDAY_8AM;
  const config = loadConfig({
    DATA_DIR: dataDir,
    FLOWBOOK_MODE: 'sandbox',
    APP_SECRET,
    PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8.pem'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApp({ config, log, clock: () => now });
  await app.server.ready();
  const publicKey = createPublicKey(readFileSync(path.join(KEYS, 'public.pem')));
  return {
    ...app,
    async flow(payload, options = {}) {
      const { envelope, aesKey, iv } = encryptFlowRequest(payload, publicKey);
      const body = envelopeBody(envelope);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.sign !== false) headers['x-hub-signature-256'] = signBody(body, options.sign ?? APP_SECRET);
      const response = await app.server.inject({ method: 'POST', url: '/flow', headers, payload: body });
      const raw = response.body;
      // 200 and 427 bodies are encrypted (docs/protocol.md §2.2).
      const encrypted = response.statusCode === 200 || response.statusCode === 427;
      const decoded = encrypted ? decryptFlowResponse(raw, aesKey, iv) : safeJson(raw);
      return { status: response.statusCode, body: decoded, raw };
    },
    mint(phone = '447700900123', language = 'en_US') {
      return app.tokens.mint({ customer: phone, language }, now).token;
    },
    setNow(ms) {
      now = ms;
    },
    async dispose() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The dates the CalendarPicker lets the customer pick: min-date to max-date, less the unavailable ones. */
export function pickable(data: Record<string, any>): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${data.min_date}T00:00:00Z`); ; day = new Date(day.getTime() + 86_400_000)) {
    const date = day.toISOString().slice(0, 10);
    if (date > data.max_date) return dates;
    if (!data.unavailable_dates.includes(date)) dates.push(date);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
