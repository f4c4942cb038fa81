import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertOneLineError, freshDir, madeDataDir, runCli } from '../run-cli.ts';

describe('the flowbook command: bookings export', () => {
  it('rejects an unknown format, a date it cannot read and an unknown status, each in one line', {
    timeout: 60_000,
  }, async () => {
    const cwd = freshDir();
    assertOneLineError(
      await runCli(cwd, ['bookings', 'export', '--format', 'xlsx']),
      /--format .*'xlsx' is invalid\. Allowed choices are csv, ics\./,
    );
    assertOneLineError(
      await runCli(cwd, ['bookings', 'export', '--from', 'tomorrow']),
      /--from .*'tomorrow' is invalid\. Use YYYY-MM-DD/,
    );
    assertOneLineError(
      await runCli(cwd, ['bookings', 'export', '--to', '2027-13-45']),
      /--to .*'2027-13-45' is invalid/,
    );
    assertOneLineError(
      await runCli(cwd, ['bookings', 'export', '--status', 'done']),
      /Allowed choices are held, confirmed, cancelled, expired\./,
    );
    assert.equal(madeDataDir(cwd), false);
  });

  it('on a data folder that does not exist yet says so and does not create it', { timeout: 60_000 }, async () => {
    const cwd = freshDir();
    assertOneLineError(await runCli(cwd, ['bookings', 'export']), /no bookings in .*\/data yet: run npm start first/);
    assert.equal(madeDataDir(cwd), false);
  });

  it('reads a database that exists, and a bad --output path fails in one line', { timeout: 120_000 }, async () => {
    const cwd = freshDir();
    const migrated = await runCli(cwd, ['db', 'migrate']); // creating the database is db migrate's job
    assert.equal(migrated.code, 0, migrated.stderr);
    const exported = await runCli(cwd, ['bookings', 'export']);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^id,status,location,/);
    assertOneLineError(
      await runCli(cwd, ['bookings', 'export', '--output', 'no-such-folder/b.csv']),
      /cannot write no-such-folder\/b\.csv: no such file or folder/,
    );
  });
});
