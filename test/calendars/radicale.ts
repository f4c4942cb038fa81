// A real CalDAV server for the calendar tests: Radicale (Debian's package, .ci/run installs it) on a free
// loopback port, with its own storage folder and no authentication, stopped with the test.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const RADICALE = process.env.RADICALE_BIN ?? '/usr/bin/radicale';

export interface Radicale {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Makes a calendar collection (MKCALENDAR) and returns its URL, ending in `/`. */
  calendar(user: string, name: string): Promise<string>;
  /** Creates or replaces one event object; returns its URL. */
  put(collection: string, name: string, ics: string): Promise<string>;
  remove(objectUrl: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startRadicale(): Promise<Radicale> {
  if (!existsSync(RADICALE))
    throw new Error(
      `Radicale not found at ${RADICALE}: apt-get install -y radicale (the calendar tests need a real CalDAV server)`,
    );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-radicale-'));
  const port = await freePort();
  const config = path.join(dir, 'config');
  writeFileSync(
    config,
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = none',
      '[rights]',
      'type = authenticated',
      '[storage]',
      `filesystem_folder = ${path.join(dir, 'collections')}`,
      '[logging]',
      'level = warning',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(RADICALE, ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const auth = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:x`).toString('base64')}` });
  const userOf = (u: string) => new URL(u).pathname.split('/')[1]!;
  for (let tries = 0; ; tries++) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      break;
    } catch {
      if (tries > 100 || child.exitCode !== null) throw new Error(`Radicale did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const expect = async (response: Response, what: string) => {
    if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  };
  return {
    url,
    async calendar(user, name) {
      const collection = `${url}/${user}/${name}/`;
      await expect(await fetch(collection, { method: 'MKCALENDAR', headers: auth(user) }), 'MKCALENDAR');
      return collection;
    },
    async put(collection, name, ics) {
      const object = `${collection}${name}`;
      const headers = { ...auth(userOf(collection)), 'content-type': 'text/calendar; charset=utf-8' };
      await expect(await fetch(object, { method: 'PUT', headers, body: ics }), 'PUT');
      return object;
    },
    async remove(object) {
      await expect(await fetch(object, { method: 'DELETE', headers: auth(userOf(object)) }), 'DELETE');
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
