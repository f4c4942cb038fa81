#!/usr/bin/env node
// `npm test`: type-checks the project, lints it and checks its formatting (Biome, biome.json), then runs
// every test file under test/ with Node's test runner.
// Extra arguments are passed through as file filters: `npm test -- crypto` runs files whose path has "crypto".
// A throwaway PostgreSQL server (scripts/pg-server.mjs) is started first so the storage, webhook, reminders
// jobs, calendars and waitlist suites run on both engines (TEST_DATABASE_URL); without PostgreSQL binaries CI fails and local
// runs warn loudly.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findPgBin, startPgServer, stopPgServer } from './pg-server.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// Every test gets TEST_TIMEOUT_MS unless it names its own (scripts/test-timeout.mjs): the slowest
// tests without one take a few seconds here, so two minutes is slack for a loaded 2-core machine.
// Node 20's --test-timeout bounds a whole file: FILE_TIMEOUT_MS catches a hung hook, above the
// longest file (kill.test.ts, whose one test may take 240 s).
const TEST_TIMEOUT_MS = 120_000;
const FILE_TIMEOUT_MS = 600_000;
const filters = process.argv.slice(2);

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return findTests(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

function run(cmd, args, env = process.env) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env });
  return result.status ?? 1;
}

/** The suites that run on both engines (test/storage/helpers.ts ENGINES): storage, and everything that races. */
const BOTH_ENGINES = ['storage', 'webhook', 'reminders', 'jobs', 'calendars', 'waitlist', 'catalog', 'insights'].map(
  (dir) => `${path.sep}test${path.sep}${dir}${path.sep}`,
);

/** Starts the test server unless one is given or no suite that needs it is selected; returns it or undefined. */
async function testServer(files) {
  if (process.env.TEST_DATABASE_URL || !files.some((f) => BOTH_ENGINES.some((dir) => f.includes(dir))))
    return undefined;
  if (!findPgBin()) {
    const help =
      'PostgreSQL 15+ binaries not found in /usr/lib/postgresql/*/bin (or PG_BIN).\n' +
      '  Install them: apt-get install -y postgresql postgresql-contrib';
    if (process.env.CI === 'true') {
      console.error(
        `# ERROR: ${help}\n# CI needs the storage, webhook, reminders, jobs and calendars suites on a real server; failing.`,
      );
      process.exit(1);
    }
    console.warn(
      `\n${'!'.repeat(78)}\n# WARNING: ${help}\n# Running the storage, webhook, reminders, jobs and calendars suites on PGlite ONLY; the PostgreSQL half is NOT tested.\n${'!'.repeat(78)}\n`,
    );
    return undefined;
  }
  const server = await startPgServer();
  console.log(`# PostgreSQL test server on 127.0.0.1:${server.port}`);
  return server;
}

if (filters.length === 0) {
  console.log('# type-check (tsc --noEmit)');
  const status = run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root]);
  if (status !== 0) process.exit(status);
  console.log('# lint and format check (biome ci)');
  const lint = run(process.execPath, [
    path.join(root, 'node_modules/@biomejs/biome/bin/biome'),
    'ci',
    '--error-on-warnings',
    root,
  ]);
  if (lint !== 0) process.exit(lint);
}

const files = findTests(path.join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((w) => path.relative(root, f).includes(w)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const server = await testServer(files);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (server) stopPgServer(server);
    process.exit(130);
  });
}
const env = server ? { ...process.env, TEST_DATABASE_URL: server.url } : process.env;
let status = 1;
try {
  status = run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      pathToFileURL(path.join(root, 'scripts/test-timeout.mjs')).href,
      '--test',
      `--test-timeout=${FILE_TIMEOUT_MS}`,
      '--test-reporter=spec',
      ...files,
    ],
    { ...env, FLOWBOOK_TEST_TIMEOUT_MS: String(TEST_TIMEOUT_MS) },
  );
} finally {
  if (server) stopPgServer(server);
}
process.exit(status);
