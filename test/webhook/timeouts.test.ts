// Slow bodies and idle connections are closed; /healthz is liveness, /readyz readiness (issue #21).
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { buildServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { createServerDatabase, ENGINES } from '../storage/helpers.ts';
import { waitFor } from '../wait.ts';
import { startHarness, type Harness } from './harness.ts';

/** Opens a raw connection and resolves, once the server closes it, with what it answered and how long it took. */
function rawConnection(port: number, feed: (socket: net.Socket) => void): Promise<{ ms: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1', () => feed(socket));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ ms: performance.now() - started, answer }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the connection open for 20 s'));
    }, 20_000).unref();
  });
}

describe('HTTP timeouts', () => {
  let h: Harness;
  let port: number;
  before(async () => {
    h = await startHarness({ env: { HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '500' } });
    port = Number(new URL(await h.app.server.listen({ port: 0, host: '127.0.0.1' })).port);
  });
  after(() => h.close());

  test('a body sent a byte at a time is cut off at the request timeout with 408', async () => {
    let timer: NodeJS.Timeout | undefined;
    const { ms, answer } = await rawConnection(port, (socket) => {
      socket.write(
        'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{',
      );
      timer = setInterval(() => socket.write(' '), 100);
    });
    clearInterval(timer);
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(ms >= 900 && ms < 3_000, `closed after ${Math.round(ms)} ms`);
  });

  test('a connection that never sends a request is closed; so is a kept-alive one left idle', async () => {
    const silent = await rawConnection(port, () => undefined);
    assert.ok(silent.ms < 3_000, `silent connection closed after ${Math.round(silent.ms)} ms`);

    const idle = await rawConnection(port, (socket) => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    assert.match(idle.answer, /^HTTP\/1\.1 200/);
    assert.match(idle.answer, /keep-alive/i);
    assert.ok(idle.ms >= 400 && idle.ms < 3_000, `idle connection closed after ${Math.round(idle.ms)} ms`);
  });

  test('the defaults are at most 30 s for a request and 65 s idle', () => {
    const config = loadConfig({});
    assert.equal(config.http.requestTimeoutMs, 30_000);
    assert.equal(config.http.keepAliveTimeoutMs, 65_000);
    assert.equal(h.app.server.server.requestTimeout, 1_000);
  });
});

describe('/healthz and /readyz', () => {
  test('readiness waits for a database that hangs or fails; liveness does not', async () => {
    let check: () => Promise<unknown> = () => Promise.resolve();
    const server = await buildServer({
      log: createLogger('silent'),
      routes: [],
      isReady: () => true,
      checkDatabase: () => check(),
    });
    const get = async (url: string) => {
      const res = await server.inject({ method: 'GET', url });
      return { status: res.statusCode, body: res.json() as { status: string } };
    };
    assert.deepEqual(await get('/readyz'), { status: 200, body: { status: 'ready' } });
    check = () => new Promise(() => undefined);
    const started = performance.now();
    assert.deepEqual(await get('/readyz'), { status: 503, body: { status: 'database unreachable' } });
    assert.ok(performance.now() - started < 2_500, 'a hanging database is given about a second');
    check = () => Promise.reject(new Error('connection refused'));
    assert.equal((await get('/readyz')).status, 503);
    assert.deepEqual(await get('/healthz'), { status: 200, body: { status: 'ok' } });
    await server.close();
  });

  // On the server only, like every suite's postgres half (ENGINES): npm test starts one; CI fails without it.
  if (ENGINES.includes('postgres'))
    test('on a PostgreSQL server: /readyz is 503 while the server cannot be reached, 200 again once it can', async () => {
      const database = await createServerDatabase();
      const target = new URL(database.url);
      const sockets = new Set<net.Socket>();
      const proxy = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      const proxyPort = (proxy.address() as net.AddressInfo).port;
      const viaProxy = new URL(database.url);
      viaProxy.host = `127.0.0.1:${proxyPort}`;
      const h = await startHarness({ env: { DATABASE_URL: viaProxy.toString() } });
      try {
        const ready = async () => (await h.app.server.inject({ method: 'GET', url: '/readyz' })).statusCode;
        assert.equal(await ready(), 200);

        await new Promise<void>((resolve) => {
          proxy.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
        await waitFor('/readyz answering 503', async () => (await ready()) === 503);
        assert.equal((await h.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);

        await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
        await waitFor('/readyz answering 200 again', async () => (await ready()) === 200);
      } finally {
        await h.close();
        proxy.close();
        for (const s of sockets) s.destroy();
        await database.drop();
      }
    });
});
