import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/flowbook.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A fresh, empty working directory, removed after the file's tests. The CLI's defaults are relative
 * to it (`DATA_DIR=./data`, `.env`), so a test can check what a command left behind.
 */
export function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs `bin/flowbook.js` as a user would, in `cwd`, with only PATH and `env` set (so the caller's
 * DATABASE_URL, PRIVATE_KEY_FILE and the like do not leak in).
 */
export function runCli(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** A user error as the CLI must show it: exit 1, nothing on stdout, one `flowbook: …` line, no stack. */
export function assertOneLineError(result: CliResult, pattern: RegExp): void {
  assert.equal(result.code, 1, `exit code (stderr: ${result.stderr})`);
  assert.equal(result.stdout, '');
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack frames');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.match(lines[0]!, /^flowbook: /);
  assert.match(lines[0]!, pattern);
}

/** True when the command left a `data` folder (the default DATA_DIR) in `cwd`. */
export function madeDataDir(cwd: string): boolean {
  return existsSync(path.join(cwd, 'data'));
}
