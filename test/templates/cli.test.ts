import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { BUILTIN_TEMPLATES_DIR, registerTemplateCommands } from '../../src/templates/index.ts';
import { assertOneLineError, freshDir, madeDataDir, runCli } from '../run-cli.ts';

async function run(args: string[], templatesDir = BUILTIN_TEMPLATES_DIR) {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('flowbook')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerTemplateCommands(program, { templatesDir });
  let exitCode = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  }
  return { out: out.join(''), err: err.join(''), exitCode };
}

describe('templates CLI', () => {
  it('lint passes on the built-in templates', async () => {
    const r = await run(['templates', 'lint']);
    assert.equal(r.exitCode, 0);
    assert.equal(r.out, '9 template(s), 10 language pack(s): OK\n');
  });

  it('lint prints every problem and exits 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-cli-'));
    try {
      writeFileSync(
        path.join(dir, 'bad.yaml'),
        'name: bad\ncategory: UTILITY\nparameter_format: positional\nlanguages:\n  ar_AR:\n    body: Hi {{2}} there.\n',
      );
      const r = await run(['templates', 'lint'], dir);
      assert.equal(r.exitCode, 1);
      assert.match(
        r.err,
        /bad\.yaml \[ar_AR\] languages: "ar_AR" is not a language Meta supports .*en_US.*\(language_code\)/,
      );
      assert.match(r.err, /bad\.yaml \[ar_AR\] body: placeholders must run .* \(placeholder_sequence\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('render prints the customer text; epoch warnings go to stderr', async () => {
    const params = JSON.stringify([
      { type: 'text', text: 'Jo' },
      { type: 'text', text: 'Beauty' },
      { type: 'text', text: 'Soho' },
      { type: 'date_time', date_time: { fallback_value: 'Sunday', timestamp: 1736677800 } },
    ]);
    const r = await run([
      'templates',
      'render',
      'appointment_reminder',
      '--lang',
      'en_US',
      '--params',
      params,
      '--tz',
      'America/New_York',
    ]);
    assert.equal(r.exitCode, 0);
    assert.match(r.out, /^Appointment reminder\nHi Jo, /);
    assert.match(r.out, /Date and time: Sunday, January 12, 2025 at 5:30 AM\n/);
    assert.match(r.err, /deprecated/);
  });

  it('render errors go to stderr with exit 1', async () => {
    const missing = await run(['templates', 'render', 'appointment_reminder', '--lang', 'ja', '--params', '[]']);
    assert.equal(missing.exitCode, 1);
    assert.match(
      missing.err,
      /FB_TEMPLATE_STRUCTURE_UNAVAILABLE \(Cloud API 132001\).*exists in: ar, de, en_GB, en_US, es, fa, fr, hi, pt_BR, tr/,
    );
    const count = await run([
      'templates',
      'render',
      'appointment_reminder',
      '--lang',
      'en_US',
      '--params',
      '[{"type":"text","text":"x"}]',
    ]);
    assert.match(count.err, /132000.*expects 4 parameter\(s\), 1 given/);
    const json = await run(['templates', 'render', 'appointment_reminder', '--lang', 'en_US', '--params', '[oops']);
    assert.equal(json.exitCode, 1);
    assert.match(json.err, /--params <json>' argument '\[oops' is invalid\. Not valid JSON/);
    assert.equal(json.out, '');
  });
});

describe('the flowbook command: templates', () => {
  const cwd = freshDir();

  it('render takes plain values for a named template', { timeout: 60_000 }, async () => {
    const params = {
      customer_name: 'Ann',
      service: 'Dental',
      location: 'Soho',
      date_time: 'Tuesday 09:00',
      reference: 'B-7',
      address: '1 Soho Square',
    };
    const r = await runCli(cwd, [
      'templates',
      'render',
      'appointment_confirmation',
      '--lang',
      'en_US',
      '--params',
      JSON.stringify(params),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Appointment confirmed\nHi Ann, your appointment is confirmed\.\n\nService: Dental\nLocation: Soho\nAddress: 1 Soho Square\nDate and time: Tuesday 09:00\nReference: B-7\n/,
    );
  });

  it('render --help shows examples that work as printed', { timeout: 60_000 }, async () => {
    const help = await runCli(cwd, ['templates', 'render', '--help']);
    const examples = help.stdout.split('\n').filter((line) => line.trim().startsWith('flowbook templates render '));
    assert.equal(examples.length, 2, help.stdout);
    for (const example of examples) {
      // The shell's part: split on spaces outside single quotes, then drop the quotes.
      const words = example
        .trim()
        .match(/'[^']*'|\S+/g)!
        .map((w) => w.replace(/^'(.*)'$/, '$1'));
      const r = await runCli(cwd, words.slice(1));
      assert.equal(r.code, 0, `${example}\n${r.stderr}`);
      assert.match(r.stdout, /Ann/);
    }
  });

  it('render refuses --params it cannot use in one line', { timeout: 60_000 }, async () => {
    const render = (params: string) =>
      runCli(cwd, ['templates', 'render', 'appointment_reminder', '--lang', 'en_US', '--params', params]);
    assertOneLineError(await render('[oops'), /--params .* is invalid\. Not valid JSON/);
    assertOneLineError(await render('[null]'), /item 1 must be text, a number or a Cloud API parameter object/);
    assertOneLineError(await render('"Ann"'), /Use a JSON array \(positional template\) or object \(named template\)/);
    assertOneLineError(await render('["Ann"]'), /132000.*expects 4 parameter\(s\), 1 given/);
  });

  it('lint, and the renders above, leave no data folder behind', { timeout: 60_000 }, async () => {
    assert.equal((await runCli(cwd, ['templates', 'lint'])).code, 0);
    assert.equal(madeDataDir(cwd), false);
  });
});
