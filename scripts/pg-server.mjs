#!/usr/bin/env node
// A throwaway PostgreSQL server for the storage tests, built from the system's binaries
// (PostgreSQL 15+ with postgresql-contrib for btree_gist). Usable as a module (startPgServer /
// stopPgServer) or from a shell: `node scripts/pg-server.mjs start` prints the URL and a stop command.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where the PostgreSQL binaries are, newest version first; undefined when none is installed. */
export function findPgBin() {
  const root = '/usr/lib/postgresql';
  if (process.env.PG_BIN && existsSync(path.join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => Number(v) >= 15 && existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The server refuses to run as root: run its tools as the postgres user.
function asPostgres(bin, args) {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${path.basename(bin)} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** Starts a server on 127.0.0.1 with trust auth; returns { url, dir, bin, port }. */
export async function startPgServer({ bin = findPgBin() } = {}) {
  if (!bin) throw new Error('PostgreSQL binaries not found (apt-get install postgresql postgresql-contrib)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-pg-'));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  asPostgres(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  asPostgres(path.join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '30',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
    'start',
  ]);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir, bin, port };
}

/** Stops the server and removes its directory. */
export function stopPgServer({ dir, bin }) {
  try {
    asPostgres(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (invokedDirectly) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    const server = await startPgServer();
    writeFileSync(path.join(server.dir, 'bin'), server.bin);
    console.log(server.url);
    console.error(`stop with: node scripts/pg-server.mjs stop ${server.dir}`);
  } else if (command === 'stop' && dir) {
    const bin = readFileSync(path.join(dir, 'bin'), 'utf8').trim();
    stopPgServer({ dir, bin });
  } else {
    console.error('usage: node scripts/pg-server.mjs start | stop <dir>');
    process.exit(2);
  }
}
