import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { BUILTIN_TEMPLATES_DIR, registerTemplateCommands } from '../../src/templates/index.ts';

async function run(args: string[], templatesDir = BUILTIN_TEMPLATES_DIR) {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('flowbook').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
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
    assert.equal(r.out, '4 template(s), 10 language pack(s): OK\n');
  });

  it('lint prints every problem and exits 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-cli-'));
    try {
      writeFileSync(path.join(dir, 'bad.yaml'), 'name: bad\ncategory: UTILITY\nparameter_format: positional\nlanguages:\n  ar_AR:\n    body: Hi {{2}} there.\n');
      const r = await run(['templates', 'lint'], dir);
      assert.equal(r.exitCode, 1);
      assert.match(r.err, /bad\.yaml \[ar_AR\] languages: .*translation slip for en_US .*\(language_code\)/);
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
    const r = await run(['templates', 'render', 'appointment_reminder', '--lang', 'en_US', '--params', params, '--tz', 'America/New_York']);
    assert.equal(r.exitCode, 0);
    assert.match(r.out, /^Appointment reminder\nHi Jo, /);
    assert.match(r.out, /Date and time: Sunday, January 12, 2025 at 5:30 AM\n/);
    assert.match(r.err, /deprecated/);
  });

  it('render errors go to stderr with exit 1', async () => {
    const missing = await run(['templates', 'render', 'appointment_reminder', '--lang', 'ja', '--params', '[]']);
    assert.equal(missing.exitCode, 1);
    assert.match(missing.err, /FB_TEMPLATE_STRUCTURE_UNAVAILABLE \(Cloud API 132001\).*exists in: ar, de, en_GB, en_US, es, fa, fr, hi, pt_BR, tr/);
    const count = await run(['templates', 'render', 'appointment_reminder', '--lang', 'en_US', '--params', '[{"type":"text","text":"x"}]']);
    assert.match(count.err, /132000.*expects 4 parameter\(s\), 1 given/);
    const json = await run(['templates', 'render', 'appointment_reminder', '--lang', 'en_US', '--params', '[oops']);
    assert.equal(json.exitCode, 1);
    assert.match(json.err, /--params <json>' argument '\[oops' is invalid\. Not valid JSON/);
    assert.equal(json.out, '');
  });
});
