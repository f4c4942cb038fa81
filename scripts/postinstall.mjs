#!/usr/bin/env node
// Runs after `npm ci`/`npm install`: saves a fresh embedded-PostgreSQL cluster so that the first
// `npm start` loads it (~1.5 s) instead of running initdb in WASM (3–9 s). Failure is not fatal:
// flowbook then initialises the cluster itself.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    "const m = await import('./src/db/pglite-template.ts'); console.log('flowbook: embedded database template at ' + await m.ensureTemplate());",
  ],
  { cwd: root, stdio: 'inherit' },
);
if (result.status !== 0)
  console.warn('flowbook: could not prepare the embedded database template; the first start will be slower.');
