import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { GraphApiError, GraphResponseError, GraphTransportError } from '../../src/whatsapp/errors.ts';
import {
  createGraphClient,
  graphClientFromConfig,
  type GraphClientOptions,
  type RetryEvent,
} from '../../src/whatsapp/graph.ts';
import { textMessage } from '../../src/whatsapp/messages.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable } from '../../src/whatsapp/retry.ts';
import { metaError, startGraphStandIn, type GraphStandIn } from './graph-server.ts';

let graph: GraphStandIn;
let sleeps: number[];
let retries: RetryEvent[];

before(async () => {
  graph = await startGraphStandIn();
});
after(() => graph.close());
beforeEach(() => {
  graph.reset();
  sleeps = [];
  retries = [];
});

function client(overrides: Partial<GraphClientOptions> = {}) {
  return createGraphClient({
    baseUrl: graph.baseUrl,
    version: 'v24.0',
    token: 'secret-token',
    phoneNumberId: '1111',
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onRetry: (event) => retries.push(event),
    ...overrides,
  });
}

const MESSAGE = textMessage('15551234567', 'hello');
const SENT = { json: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.OK' }] } };

describe('sendMessage', () => {
  it('posts the JSON body with the bearer token and returns the wamid', async () => {
    graph.enqueue(SENT);
    assert.deepEqual(await client().sendMessage(MESSAGE), { wamid: 'wamid.OK' });
    const [request] = graph.requests;
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v24.0/1111/messages');
    assert.equal(request.headers.authorization, 'Bearer secret-token');
    assert.match(String(request.headers['content-type']), /^application\/json/);
    assert.deepEqual(request.json(), MESSAGE);
  });

  it('uses an explicit phone number id over the default', async () => {
    graph.enqueue(SENT);
    await client().sendMessage(MESSAGE, '2222');
    assert.equal(graph.requests[0]?.path, '/v24.0/2222/messages');
  });

  it('marks a message read', async () => {
    graph.enqueue({ json: { success: true } });
    await client().markAsRead('wamid.IN');
    assert.deepEqual(graph.requests[0]?.json(), {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN',
    });
  });

  it('fails clearly without a phone number id or a wamid in the answer', async () => {
    await assert.rejects(client({ phoneNumberId: undefined }).sendMessage(MESSAGE), ConfigError);
    graph.enqueue({ json: { messages: [] } });
    await assert.rejects(client().sendMessage(MESSAGE), GraphResponseError);
  });
});

describe('retries', () => {
  for (const [label, response] of [
    ['HTTP 429', { status: 429, json: metaError(4, 'too many calls') }],
    ['HTTP 503 without an envelope', { status: 503, text: '<html>busy</html>' }],
    ['130429 throughput', { status: 400, json: metaError(130429, 'Rate limit hit') }],
    ['131056 pair rate', { status: 400, json: metaError(131056, 'pair rate limit hit') }],
    ['131000 something went wrong', { status: 500, json: metaError(131000) }],
  ] as const) {
    it(`retries ${label} and then succeeds`, async () => {
      graph.enqueue(response, response, SENT);
      assert.deepEqual(await client().sendMessage(MESSAGE), { wamid: 'wamid.OK' });
      assert.equal(graph.requests.length, 3);
      assert.deepEqual(
        retries.map((r) => r.attempt),
        [1, 2],
      );
    });
  }

  it('gives up after maxAttempts with the last error', async () => {
    const busy = { status: 400, json: metaError(130429, 'Rate limit hit') };
    graph.enqueue(busy, busy, busy, busy, SENT);
    await assert.rejects(client().sendMessage(MESSAGE), (error: unknown) => {
      assert.ok(error instanceof GraphApiError);
      assert.equal(error.metaCode, 130429);
      assert.equal(error.retryable, true);
      return true;
    });
    assert.equal(graph.requests.length, DEFAULT_RETRY_POLICY.maxAttempts);
    // Full jitter with random 0.5: half of 500, 1000, 2000.
    assert.deepEqual(sleeps, [250, 500, 1000]);
  });

  it('waits at least 6 s before retrying a pair-rate error', async () => {
    graph.enqueue({ status: 400, json: metaError(131056) }, SENT);
    await client().sendMessage(MESSAGE);
    assert.deepEqual(sleeps, [6000]);
  });

  it('honours Retry-After', async () => {
    graph.enqueue({ status: 429, json: metaError(4), headers: { 'retry-after': '3' } }, SENT);
    await client().sendMessage(MESSAGE);
    assert.deepEqual(sleeps, [3000]);
  });

  for (const [label, response, code] of [
    ['132000 parameter count', { status: 400, json: metaError(132000) }, 132000],
    ['131047 outside the 24-h window', { status: 400, json: metaError(131047) }, 131047],
    ['131026 undeliverable', { status: 400, json: metaError(131026) }, 131026],
    ['plain 400', { status: 400, json: metaError(100, 'Invalid parameter') }, 100],
    ['132001 even on a 500', { status: 500, json: metaError(132001) }, 132001],
  ] as const) {
    it(`does not retry ${label} and surfaces the code`, async () => {
      graph.enqueue(response, SENT);
      await assert.rejects(client().sendMessage(MESSAGE), (error: unknown) => {
        assert.ok(error instanceof GraphApiError);
        assert.equal(error.code, 'FB_GRAPH_API');
        assert.equal(error.metaCode, code);
        assert.equal(error.httpStatus, response.status);
        assert.equal(error.retryable, false);
        assert.equal(error.fbtraceId, 'AbCdEf');
        return true;
      });
      assert.equal(graph.requests.length, 1);
      assert.deepEqual(sleeps, []);
    });
  }

  it('keeps the subcode and error_data details', async () => {
    graph.enqueue({
      status: 400,
      json: metaError(131047, 'Re-engagement message', {
        error_subcode: 2494010,
        error_data: { messaging_product: 'whatsapp', details: 'More than 24 hours have passed' },
      }),
    });
    await assert.rejects(client().sendMessage(MESSAGE), (error: unknown) => {
      assert.ok(error instanceof GraphApiError);
      assert.equal(error.subcode, 2494010);
      assert.equal(error.details?.errorDetails, 'More than 24 hours have passed');
      assert.doesNotMatch(error.message, /secret-token|15551234567/);
      return true;
    });
  });

  it('does not retry when the request says so', async () => {
    graph.enqueue({ status: 503, json: metaError(2) }, SENT);
    await assert.rejects(client().request({ method: 'GET', path: '/x', retry: false }), GraphApiError);
    assert.equal(graph.requests.length, 1);
  });
});

describe('transport failures', () => {
  it('times out a slow answer and retries it', async () => {
    graph.enqueue({ ...SENT, delayMs: 2000 }, SENT);
    const started = performance.now();
    assert.deepEqual(await client({ timeoutMs: 100 }).sendMessage(MESSAGE), { wamid: 'wamid.OK' });
    assert.ok(performance.now() - started < 1500);
    assert.equal(retries[0]?.error.code, 'FB_GRAPH_TIMEOUT');
  });

  it('reports a timeout once attempts run out', async () => {
    graph.enqueue({ ...SENT, delayMs: 2000 }, { ...SENT, delayMs: 2000 });
    await assert.rejects(
      client({ timeoutMs: 50, retry: { maxAttempts: 2 } }).sendMessage(MESSAGE),
      (error: unknown) => error instanceof GraphTransportError && error.reason === 'timeout',
    );
    assert.equal(graph.requests.length, 2);
  });

  it('retries a refused connection as a network error', async () => {
    const dead = createGraphClient({
      baseUrl: 'http://127.0.0.1:1',
      version: 'v24.0',
      token: 't',
      phoneNumberId: '1',
      random: () => 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await assert.rejects(
      dead.sendMessage(MESSAGE),
      (error: unknown) => error instanceof GraphTransportError && error.code === 'FB_GRAPH_NETWORK',
    );
    assert.equal(sleeps.length, DEFAULT_RETRY_POLICY.maxAttempts - 1);
  });
});

describe('retry table and backoff', () => {
  it('decides by Meta code first, then HTTP status', () => {
    assert.equal(isRetryable(400, 130429), true);
    assert.equal(isRetryable(400, 131056), true);
    assert.equal(isRetryable(500, 132000), false);
    assert.equal(isRetryable(400, 132068), false);
    assert.equal(isRetryable(400, 100), false);
    assert.equal(isRetryable(502, undefined), true);
    assert.equal(isRetryable(429, undefined), true);
    assert.equal(isRetryable(404, undefined), false);
  });

  it('draws full jitter under an exponential, capped ceiling', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(
      backoffDelay(1, policy, () => 0.999),
      99,
    );
    assert.equal(
      backoffDelay(4, policy, () => 0.999),
      799,
    );
    assert.equal(
      backoffDelay(9, policy, () => 0.999),
      999,
    );
    assert.equal(
      backoffDelay(9, policy, () => 0),
      0,
    );
  });
});

describe('graphClientFromConfig', () => {
  it('needs a token and uses the configured base URL and version', async () => {
    assert.throws(() => graphClientFromConfig(loadConfig({ FLOWBOOK_MODE: 'sandbox' })), ConfigError);
    const config = loadConfig({
      FLOWBOOK_MODE: 'sandbox',
      GRAPH_API_TOKEN: 'tkn',
      GRAPH_API_BASE_URL: `${graph.baseUrl}/`,
      GRAPH_API_VERSION: 'v23.0',
      PHONE_NUMBER_ID: '3333',
    });
    graph.enqueue(SENT);
    await graphClientFromConfig(config).sendMessage(MESSAGE);
    assert.equal(graph.requests[0]?.path, '/v23.0/3333/messages');
    assert.equal(graph.requests[0]?.headers.authorization, 'Bearer tkn');
  });
});
