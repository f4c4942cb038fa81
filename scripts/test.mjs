#!/usr/bin/env node
// `npm test`: type-checks the project, then runs every test file under test/ with Node's test runner.
// Extra arguments are passed through as file filters: `npm test -- crypto` runs files whose path has "crypto".
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
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

if (filters.length === 0) {
  console.log('# type-check (tsc --noEmit)');
  const status = run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root]);
  if (status !== 0) process.exit(status);
}

const files = findTests(path.join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
process.exit(run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]));
