import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertOneLineError, freshDir, madeDataDir, runCli } from './run-cli.ts';

describe('the flowbook command: errors from the composition root', () => {
  const cwd = freshDir();

  it('a configuration problem is one line, even with several problems', { timeout: 60_000 }, async () => {
    const r = await runCli(cwd, ['templates', 'lint'], { PORT: 'abc', LOG_LEVEL: 'loud' });
    assertOneLineError(r, /^flowbook: Invalid configuration: PORT: .*; LOG_LEVEL: /);
  });

  it("commander's own errors carry the flowbook: prefix", { timeout: 60_000 }, async () => {
    assertOneLineError(await runCli(cwd, ['flow', 'bogus']), /^flowbook: unknown command 'bogus'$/);
    assertOneLineError(
      await runCli(cwd, ['bookings', 'export', '--format']),
      /^flowbook: option '--format <format>' argument missing$/,
    );
    assert.equal(madeDataDir(cwd), false);
  });
});
