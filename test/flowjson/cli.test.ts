import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerFlowValidateCommand, type FlowValidateIo } from '../../src/flows/validate/cli.ts';
import { freshDir, madeDataDir, runCli } from '../run-cli.ts';

const fixtures = new URL('../fixtures/flows/', import.meta.url);

function harness() {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | undefined;
  const io: FlowValidateIo = {
    readFile: (file) => readFileSync(new URL(file, fixtures), 'utf8'),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = new Command().exitOverride();
  registerFlowValidateCommand(program, io);
  const run = async (...args: string[]) => {
    await program.parseAsync(['node', 'flowbook', ...args]);
    return { out, err, exitCode };
  };
  return { program, run };
}

test('flow validate prints "valid" and leaves the exit code alone for a good Flow', async () => {
  const { out, exitCode } = await harness().run('flow', 'validate', 'appointment.valid.json');
  assert.deepEqual(out, ['appointment.valid.json: valid']);
  assert.equal(exitCode, undefined);
});

test('flow validate prints file:line:col CODE message (pointer) and exits 1', async () => {
  const { out, exitCode } = await harness().run('flow', 'validate', 'bad-input-type.json');
  assert.deepEqual(out, [
    "bad-input-type.json:10:79 INVALID_ENUM_VALUE TextInput 'input-type' must be one of text, number, email, password, passcode, phone; found 'integer'. (/screens/0/layout/children/0/input-type)",
  ]);
  assert.equal(exitCode, 1);
});

test('flow validate --json prints the validation_errors array', async () => {
  const { out, exitCode } = await harness().run('flow', 'validate', '--json', 'empty-screens.json');
  const errors = JSON.parse(out.join('\n')) as Array<{ error: string; line_start: number }>;
  assert.deepEqual(
    errors.map((e) => [e.error, e.line_start]),
    [['EMPTY_SCREENS', 3]],
  );
  assert.equal(exitCode, 1);
});

test('an unreadable file exits 2 with a message on stderr', async () => {
  const { err, exitCode } = await harness().run('flow', 'validate', 'no-such-file.json');
  assert.deepEqual(err, ['no-such-file.json: cannot read (ENOENT)']);
  assert.equal(exitCode, 2);
});

test('joins an existing flow command instead of adding a second one', () => {
  const program = new Command();
  program.command('flow').command('send');
  registerFlowValidateCommand(program);
  const flows = program.commands.filter((c) => c.name() === 'flow');
  assert.equal(flows.length, 1);
  assert.deepEqual(
    flows[0]?.commands.map((c) => c.name()),
    ['send', 'validate'],
  );
});

test('the flowbook command: flow validate reads a file and creates no data folder', { timeout: 60_000 }, async () => {
  const cwd = freshDir();
  const r = await runCli(cwd, ['flow', 'validate', fileURLToPath(new URL('appointment.valid.json', fixtures))]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /appointment\.valid\.json: valid\n$/);
  assert.equal(madeDataDir(cwd), false);
});
