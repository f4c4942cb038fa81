import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { loadConfig } from '../../src/config.ts';
import { decryptFlowResponse, encryptFlowRequest, envelopeBody } from '../../src/flows/crypto.ts';
import { metaJson, signBody } from '../../src/http/signature.ts';
import { jobCounts } from '../../src/jobs/queue.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import type { MessagingTuning } from '../../src/wiring.ts';
import { pickable } from '../flows/helpers.ts';
import { createServerDatabase, type Engine } from '../storage/helpers.ts';
import { startGraphStandIn, type GraphStandIn, type RecordedRequest } from '../whatsapp/graph-server.ts';

export const SECRET = 'test-app-secret';
export const VERIFY = 'verify-me';
export const PHONE_NUMBER_ID = '1000111';

/** Answers sends with a fresh wamid and read receipts with success, like the Cloud API. */
function cloudApiAnswers(graph: GraphStandIn): void {
  let n = 0;
  graph.fallback = (req) =>
    (req.json() as { status?: string } | undefined)?.status === 'read'
      ? { json: { success: true } }
      : { json: { messaging_product: 'whatsapp', messages: [{ id: `wamid.OUT${++n}` }] } };
}

export interface Harness {
  readonly app: App;
  readonly graph: GraphStandIn;
  readonly dataDir: string;
  post(body: unknown, options?: { secret?: string; raw?: string }): Promise<{ statusCode: number; body: string }>;
  /** Waits until no job is running or due (future reminders excepted). */
  idle(timeoutMs?: number): Promise<void>;
  /** Recorded sends to one customer, by phone number (`to`) or BSUID (`recipient`); read receipts excluded. */
  sentTo(customer: string): Array<Record<string, any>>;
  reads(): Array<Record<string, any>>;
  close(): Promise<void>;
}

/**
 * The whole app on a temporary DATA_DIR with a stand-in Graph API. `engine: 'postgres'` puts its
 * database on a new database of the test server instead of the embedded engine, so the suites that
 * race (webhook, conversation, reminders) also run where transactions really run concurrently.
 */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    tuning?: MessagingTuning;
    dataDir?: string;
    engine?: Engine;
    /** The app's logger (default: silent), for tests that read what was logged. */
    log?: Logger;
  } = {},
): Promise<Harness> {
  const server = options.engine === 'postgres' ? await createServerDatabase() : undefined;
  const graph = await startGraphStandIn();
  cloudApiAnswers(graph);
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'flowbook-webhook-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    FLOWBOOK_MODE: 'sandbox',
    APP_SECRET: SECRET,
    VERIFY_TOKEN: VERIFY,
    ADMIN_TOKEN: 'admin-token',
    GRAPH_API_BASE_URL: graph.baseUrl,
    PHONE_NUMBER_ID,
    LOG_LEVEL: 'silent',
    ...(server ? { DATABASE_URL: server.url } : {}),
    ...options.env,
  });
  const app = await createApp({
    config,
    log: options.log ?? createLogger('silent'),
    messaging: { pollMs: 10, pairIntervalMs: 0, backoff: { baseMs: 20, maxMs: 200 }, ...options.tuning },
  });
  const messages = () =>
    graph.requests.filter((r) => r.path.endsWith('/messages')).map((r) => r.json() as Record<string, any>);
  return {
    app,
    graph,
    dataDir,
    async post(body, { secret = SECRET, raw } = {}) {
      const payload = raw ?? metaJson(body);
      const res = await app.server.inject({
        method: 'POST',
        url: '/webhook',
        payload,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(payload, secret) },
      });
      return { statusCode: res.statusCode, body: res.body };
    },
    async idle(timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      let quiet = 0;
      while (Date.now() < end) {
        quiet = (await busyJobs(app.db)) === 0 ? quiet + 1 : 0;
        if (quiet >= 3) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`jobs still pending: ${JSON.stringify(await jobCounts(app.db))}`);
    },
    sentTo: (customer) =>
      messages().filter((m) => (m.to === customer || m.recipient === customer) && m.status !== 'read'),
    reads: () => messages().filter((m) => m.status === 'read'),
    async close() {
      await app.close();
      await graph.close();
      await server?.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Jobs running, due, or due within a minute (retries backing off). Jobs queued further ahead (a
 * booking's reminders, hours or days away) do not count: "idle" means nothing more will happen soon.
 */
export async function busyJobs(db: App['db']): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM jobs WHERE state = 'running' OR (state = 'queued' AND run_at <= now() + interval '1 minute')`,
  );
  return rows[0]!.n;
}

type Recorded = RecordedRequest;
export type { Recorded };

/** A `messages` change carrying `messages` and/or `statuses` (docs/protocol.md §6). */
export function delivery(
  value: { messages?: unknown[]; statuses?: unknown[]; contacts?: unknown[] },
  field = 'messages',
) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA1',
        changes: [
          {
            field,
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: PHONE_NUMBER_ID },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/**
 * A message's `timestamp` (Unix seconds, a string as Meta sends it) `agoMs` before now: the 24-hour window counts
 * from it (docs/protocol.md §11.4), so test messages are written now unless a test says otherwise.
 */
export const sentAgo = (agoMs = 0) => String(Math.floor((Date.now() - agoMs) / 1000));

export const textMsg = (from: string, id: string, body: string) => ({
  from,
  id,
  timestamp: sentAgo(),
  type: 'text',
  text: { body },
});

export const nfmMsg = (from: string, id: string, response: unknown, contextId?: string) => ({
  from,
  id,
  timestamp: sentAgo(),
  type: 'interactive',
  ...(contextId ? { context: { from: '15550001111', id: contextId } } : {}),
  interactive: {
    type: 'nfm_reply',
    nfm_reply: {
      name: 'flow',
      body: 'Sent',
      response_json: typeof response === 'string' ? response : JSON.stringify(response),
    },
  },
});

export const replyMsg = (from: string, id: string, kind: 'list_reply' | 'button_reply', replyId: string) => ({
  from,
  id,
  timestamp: sentAgo(),
  type: 'interactive',
  interactive: { type: kind, [kind]: { id: replyId, title: 'x' } },
});

export const statusOf = (id: string, status: string, recipient: string, errors?: unknown[]) => ({
  id,
  status,
  timestamp: '1760000100',
  recipient_id: recipient,
  ...(errors ? { errors } : {}),
});

/**
 * A booking as the Flow endpoint leaves it: a hold for a fresh token (confirmed unless `held`, with its
 * confirmation queued and reminders planned),
 * `dayOffset` days from now at 10:00 UTC plus `slot` half hours. Returns the token and booking id.
 */
export async function bookFor(
  app: App,
  phone: string,
  opts: { language?: string; dayOffset?: number; slot?: number; held?: boolean } = {},
) {
  const now = Date.now();
  const { token, session } = app.tokens.mint({ customer: phone, language: opts.language ?? 'en_US' }, now);
  const day = new Date(now + (opts.dayOffset ?? 3) * 86_400_000);
  day.setUTCHours(10, 0, 0, 0);
  const start = new Date(day.getTime() + (opts.slot ?? 0) * 30 * 60_000);
  const held = await placeHold(app.db, {
    flowToken: session.id,
    customerPhone: phone,
    language: session.language,
    locationId: 'kings-cross',
    departmentId: 'shopping',
    start,
    end: new Date(start.getTime() + 30 * 60_000),
    holdMinutes: 10,
    bufferMinutes: 0,
    now: new Date(now),
  });
  // Confirmed as the endpoint confirms: the app's hook queues the confirmation and plans the reminders.
  if (!opts.held)
    await confirmBooking(
      app.db,
      { flowToken: session.id, details: { name: 'Ana', email: 'a@example.com', phone: '+1' }, now: new Date(now) },
      app.bookingHook,
    );
  return { token, sessionId: session.id, bookingId: held.id };
}

/** One Flow request as the WhatsApp client makes it: encrypted, signed, POST /flow, the answer decrypted. */
export type FlowCall = (
  token: string,
  action: string,
  screen?: string,
  data?: Record<string, unknown>,
) => Promise<{ screen: string; data: Record<string, any> }>;

/** The WhatsApp client's side of the Flow endpoint of `h`, encrypting to `publicKey`. */
export function flowClient(h: Harness, publicKey: KeyObject): FlowCall {
  return async (token, action, screen, data) => {
    const payload = {
      version: '3.0',
      action,
      flow_token: token,
      ...(screen ? { screen } : {}),
      ...(data ? { data } : {}),
    };
    const { envelope, aesKey, iv } = encryptFlowRequest(payload, publicKey);
    const body = envelopeBody(envelope);
    const res = await h.app.server.inject({
      method: 'POST',
      url: '/flow',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET) },
      payload: body,
    });
    assert.equal(res.statusCode, 200, res.body);
    return decryptFlowResponse(res.body, aesKey, iv) as { screen: string; data: Record<string, any> };
  };
}

/**
 * Walks the Flow of `token` to SUCCESS for `department` at `location` (the first free time of the
 * `dateIndex`-th free date, default the first) and returns the completion's params (`booking_id` among them).
 */
export async function bookThroughFlow(
  flow: FlowCall,
  token: string,
  department: string,
  location: string,
  dateIndex = 0,
): Promise<Record<string, string>> {
  await flow(token, 'INIT');
  const dates = await flow(token, 'data_exchange', 'APPOINTMENT', {
    trigger: 'location_selected',
    department,
    location,
  });
  const date = pickable(dates.data)[dateIndex]!;
  const times = await flow(token, 'data_exchange', 'APPOINTMENT', {
    trigger: 'date_selected',
    department,
    location,
    date,
  });
  const time = times.data.time.find((t: { enabled?: boolean }) => t.enabled !== false).id;
  const details = await flow(token, 'data_exchange', 'APPOINTMENT', {
    trigger: 'continue',
    department,
    location,
    date,
    time,
  });
  assert.equal(details.screen, 'DETAILS');
  const person = { name: 'Ana', email: 'ana@example.com', phone: '+44 20 7946 0000', more_details: '' };
  await flow(token, 'data_exchange', 'DETAILS', person);
  const done = await flow(token, 'data_exchange', 'SUMMARY', { ...person, terms: true });
  assert.equal(done.screen, 'SUCCESS');
  return done.data.extension_message_response.params as Record<string, string>;
}
