// One process per embedded DATA_DIR (src/db/lock.ts, issue #21): real `npm start` processes on one directory.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/index.ts';
import { LOCK_FILE } from '../../src/db/lock.ts';
import { DataDirLockedError } from '../../src/errors.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  readonly child: ChildProcess;
  /** Resolves once the server logged "flowbook ready", rejects if it exits first (with its stderr). */
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function start(dataDir: string): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      FLOWBOOK_MODE: 'sandbox',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"flowbook ready"')) resolve();
    });
    exited.then((e) => reject(new Error(`server exited before ready (${e.code}): ${e.stderr}`)));
  });
  // A server expected to refuse is awaited through `exited` only.
  ready.catch(() => undefined);
  return { child, ready, exited };
}

describe('the data directory lock', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-lock-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('a second server on the same DATA_DIR refuses to start and names the first one; a clean stop frees it', async () => {
    const dataDir = freshDir();
    const first = start(dataDir);
    children.push(first.child);
    await first.ready;

    const second = start(dataDir);
    children.push(second.child);
    const refused = await second.exited;
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      new RegExp(`flowbook: DATA_DIR ${dataDir} is in use by another flowbook process \\(pid ${first.child.pid}, `),
    );
    // The refused process left the first one's lock alone.
    assert.equal(JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid, first.child.pid);

    first.child.kill('SIGTERM');
    assert.equal((await first.exited).code, 0);
    assert.equal(existsSync(path.join(dataDir, LOCK_FILE)), false, 'a clean shutdown removes the lock');
  });

  test('the lock of a process killed with -9 is stale: the next server takes it over', async () => {
    const dataDir = freshDir();
    const first = start(dataDir);
    children.push(first.child);
    await first.ready;
    first.child.kill('SIGKILL');
    await first.exited;
    assert.equal(existsSync(path.join(dataDir, LOCK_FILE)), true, 'kill -9 leaves the lock behind');

    const next = start(dataDir);
    children.push(next.child);
    await next.ready;
    assert.equal(JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid, next.child.pid);
    next.child.kill('SIGTERM');
    assert.equal((await next.exited).code, 0);
  });

  test('in one process too: a second open of an open directory is refused; a reused pid is not a holder', async () => {
    const dataDir = freshDir();
    const db = await openDatabase({ dataDir });
    try {
      await assert.rejects(openDatabase({ dataDir }), (error: unknown) => {
        assert.ok(error instanceof DataDirLockedError);
        assert.match(error.message, new RegExp(`pid ${process.pid}, `));
        return true;
      });
    } finally {
      await db.close();
    }
    assert.equal(existsSync(path.join(dataDir, LOCK_FILE)), false);

    // Our own pid with another start time: the process that wrote this lock is gone and its pid was reused.
    writeFileSync(
      path.join(dataDir, LOCK_FILE),
      JSON.stringify({
        pid: process.pid,
        hostname: os.hostname(),
        startedAt: '2020-01-01T00:00:00Z',
        processStart: '1',
      }),
    );
    const reopened = await openDatabase({ dataDir });
    await reopened.close();
  });
});
