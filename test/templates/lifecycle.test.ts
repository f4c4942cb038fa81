import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import Fastify, { type FastifyInstance } from 'fastify';
import { generateFlowKeyPair } from '../../src/flows/keys.ts';
import { parseFaultSpec } from '../../src/sandbox/faults.ts';
import { FLOW_JSON_PATH } from '../../src/sandbox/flow-json.ts';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/templates/load.ts';
import { registerTemplatePushCommands } from '../../src/templates/push-cli.ts';
import { createGraphClient } from '../../src/whatsapp/graph.ts';
import { assertOneLineError, freshDir, runCli } from '../run-cli.ts';
import { waitFor } from '../wait.ts';

const WABA = '200';
const DAY_MS = 86_400_000;
let now = Date.parse('2026-03-02T10:00:00Z');
let sandbox: Sandbox;
let app: FastifyInstance;
let webhook: ReturnType<typeof createServer>;
let graphUrl: string;
/** Every change value the emulator delivered, with its webhook field. */
const delivered: { field: string; value: Record<string, unknown> }[] = [];
/** Every Graph call that is not a read: what the CLI sent. */
const writes: string[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-templates-'));
const LANGUAGES = [...loadTemplates(BUILTIN_TEMPLATES_DIR).templates.values()].flatMap((t) =>
  Object.keys(t.languages).map((code) => `${t.name}/${code}`),
);

before(async () => {
  cpSync(BUILTIN_TEMPLATES_DIR, dir, { recursive: true });
  webhook = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        entry: { changes: { field: string; value: Record<string, unknown> }[] }[];
      };
      delivered.push(...envelope.entry.flatMap((e) => e.changes));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  sandbox = createSandbox({
    publicKeyPem: generateFlowKeyPair().publicPem,
    appSecret: undefined,
    phoneNumberId: '100000000000001',
    wabaId: WABA,
    flowId: '300',
    flowJsonPath: FLOW_JSON_PATH,
    templates: loadTemplates(),
    faults: parseFaultSpec(''),
    clock: () => now,
    pingEveryMs: 0,
    templateReviewMs: 20,
  });
  app = Fastify();
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'GET')
      writes.push(`${request.method} ${request.url.replace(/^\/sandbox\/graph\/[^/]+/, '')}`);
  });
  for (const route of sandbox.routes) await app.register(async (scope) => route(scope));
  graphUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/graph`;
  sandbox.attach({ server: { address: () => webhook.address() as AddressInfo } } as unknown as FastifyInstance);
});
after(async () => {
  sandbox.close();
  await app.close();
  webhook.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `flowbook templates …` in process against the emulator, on the temp copy of the templates. */
async function templates(...args: string[]): Promise<{ lines: string[]; exitCode: number }> {
  const lines: string[] = [];
  let exitCode = 0;
  const program = new Command().exitOverride();
  registerTemplatePushCommands(program, {
    templatesDir: dir,
    wabaId: WABA,
    client: () => createGraphClient({ baseUrl: graphUrl, version: 'v24.0', token: 't', sleep: async () => {} }),
    out: (line) => lines.push(line),
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  await program.parseAsync(['node', 'flowbook', 'templates', ...args]);
  return { lines, exitCode };
}

const statusOf = (key: string) => sandbox.management.templates.find((t) => `${t.name}/${t.language}` === key)?.status;
const allApproved = () => LANGUAGES.every((key) => statusOf(key) === 'APPROVED');
const statusEvents = (key: string) =>
  delivered
    .filter((d) => d.field === 'message_template_status_update')
    .filter((d) => `${d.value.message_template_name}/${d.value.message_template_language}` === key)
    .map((d) => d.value.event);

function editYaml(file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  assert.ok(text.includes(from), `${from} in ${file}`);
  writeFileSync(full, text.replace(from, to));
}

describe('templates push, sync and delete against the Graph emulator', { timeout: 60_000 }, () => {
  it('push creates every template language, Meta reviews them, a second push sends nothing', async () => {
    const first = await templates('push');
    assert.equal(first.exitCode, 0);
    assert.deepEqual(
      first.lines,
      LANGUAGES.map((key) => `${key}: created (PENDING)`),
    );
    assert.equal(writes.filter((w) => w === `POST /${WABA}/message_templates`).length, LANGUAGES.length);
    await waitFor('every template language APPROVED', allApproved);
    await waitFor('the APPROVED webhooks', () => LANGUAGES.every((key) => statusEvents(key).includes('APPROVED')));

    writes.length = 0;
    const second = await templates('push');
    assert.deepEqual(
      second.lines,
      LANGUAGES.map((key) => `${key}: unchanged (APPROVED)`),
    );
    assert.deepEqual(writes, [], 'nothing sent');
    const sync = await templates('sync');
    assert.equal(sync.exitCode, 0);
    assert.equal(sync.lines.at(-1), 'in sync');
    assert.ok(sync.lines.includes('appointment_reminder/en_US: in sync (APPROVED, UTILITY, quality UNKNOWN)'));
  });

  it('a changed body: sync shows the field, push edits exactly that language and Meta reviews it again', async () => {
    editYaml('appointment_reminder.yaml', 'Please let us know if you can make it.', 'Can you make it?');
    const sync = await templates('sync');
    assert.equal(sync.exitCode, 1);
    const at = sync.lines.indexOf('appointment_reminder/en_US: differs (APPROVED, UTILITY, quality UNKNOWN)');
    assert.ok(at >= 0, sync.lines.join('\n'));
    assert.equal(
      sync.lines[at + 1],
      '  body.text: Meta "…ime: {{4}}\\n\\nPlease let us know if you can make…" → YAML "…ime: {{4}}\\n\\nCan you make it?"',
    );
    assert.equal(sync.lines.at(-1), 'not in sync: 1 template language(s)');

    writes.length = 0;
    const push = await templates('push');
    assert.equal(push.exitCode, 0);
    const id = sandbox.management.template('appointment_reminder/en_US').id;
    assert.deepEqual(writes, [`POST /${id}`], 'one edit, by template id');
    assert.deepEqual(
      push.lines.filter((l) => !l.endsWith('unchanged (APPROVED)')),
      ['appointment_reminder/en_US: updated (was APPROVED, now in review): body.text'],
    );
    assert.equal(statusOf('appointment_reminder/en_US'), 'PENDING');
    assert.match(
      JSON.stringify(sandbox.management.template('appointment_reminder/en_US').components),
      /Can you make it\?/,
    );
    await waitFor('approved again, and announced', () => statusEvents('appointment_reminder/en_US').length === 3);
    assert.equal(statusOf('appointment_reminder/en_US'), 'APPROVED');
    assert.deepEqual(statusEvents('appointment_reminder/en_US'), ['APPROVED', 'PENDING', 'APPROVED']);
    assert.equal((await templates('sync')).exitCode, 0);
  });

  it("an approved template edited again the same day fails with Meta's limit; a day later it goes through", async () => {
    editYaml('appointment_reminder.yaml', 'Can you make it?', 'Will you make it?');
    const refused = await templates('push', '--name', 'appointment_reminder', '--lang', 'en_US');
    assert.equal(refused.exitCode, 1);
    assert.match(
      refused.lines[0]!,
      /^appointment_reminder\/en_US: failed: Graph API: Meta error 100: .*: edit limit reached: 1 a day, 10 in 30 days$/,
    );
    assert.equal(statusOf('appointment_reminder/en_US'), 'APPROVED');
    now += DAY_MS + 1;
    const later = await templates('push', '--name', 'appointment_reminder', '--lang', 'en_US');
    assert.equal(later.exitCode, 0);
    assert.match(later.lines[0]!, /updated \(was APPROVED, now in review\): body\.text$/);
    await waitFor('approved again', () => statusOf('appointment_reminder/en_US') === 'APPROVED');
  });

  it('a state Meta does not edit is reported, and nothing is sent', async () => {
    sandbox.management.setTemplateState('appointment_cancelled/de', 'DISABLED');
    await waitFor('the DISABLED webhook', () => statusEvents('appointment_cancelled/de').includes('DISABLED'));
    const disabled = delivered.find(
      (d) => d.value.event === 'DISABLED' && d.value.message_template_language === 'de',
    )!.value;
    assert.equal(typeof (disabled.disable_info as { disable_date: unknown }).disable_date, 'number');
    editYaml('appointment_cancelled.yaml', 'Ihr Termin wurde abgesagt.', 'Ihr Termin ist abgesagt.');
    writes.length = 0;
    const push = await templates('push', '--name', 'appointment_cancelled');
    assert.equal(push.exitCode, 0);
    assert.ok(
      push.lines.includes('appointment_cancelled/de: not editable (DISABLED); differs in body.text'),
      push.lines.join('\n'),
    );
    assert.deepEqual(writes, []);
    const sync = await templates('sync', '--name', 'appointment_cancelled');
    assert.ok(sync.lines.includes('appointment_cancelled/de: differs (DISABLED, UTILITY, quality UNKNOWN)'));
  });

  it('delete asks for --yes, deletes one language by hsm_id or every language by name', async () => {
    await assert.rejects(templates('delete', 'appointment_reminder'), /run it again with --yes/);
    assert.ok(statusOf('appointment_reminder/ar'));

    writes.length = 0;
    const id = sandbox.management.template('appointment_reminder/ar').id;
    const one = await templates('delete', 'appointment_reminder', '--lang', 'ar', '--yes');
    assert.deepEqual(one.lines, ['appointment_reminder/ar: deleted at Meta']);
    assert.deepEqual(writes, [`DELETE /${WABA}/message_templates?name=appointment_reminder&hsm_id=${id}`]);
    assert.equal(statusOf('appointment_reminder/ar'), undefined);
    assert.ok(statusOf('appointment_reminder/en_US'), 'the other languages stay');
    const sync = await templates('sync', '--name', 'appointment_reminder');
    assert.equal(sync.exitCode, 1);
    assert.ok(sync.lines.includes('appointment_reminder/ar: missing at Meta (run: flowbook templates push)'));

    const all = await templates('delete', 'appointment_reminder', '--yes');
    assert.deepEqual(all.lines, ['appointment_reminder (all languages): deleted at Meta']);
    assert.equal(
      sandbox.management.templates.filter((t) => t.name === 'appointment_reminder').length,
      0,
      'every language gone from the list',
    );
    const after = await templates('sync', '--name', 'appointment_reminder');
    assert.equal(after.lines.filter((l) => l.endsWith(': missing at Meta (run: flowbook templates push)')).length, 10);
    await assert.rejects(
      templates('delete', 'appointment_reminder', '--yes'),
      /^UsageError: Meta refused to delete appointment_reminder \(all languages\): .*Message template not found/,
    );
    await assert.rejects(templates('delete', 'appointment_reminder', '--lang', 'ar', '--yes'), /Meta has no template/);
    await waitFor('PENDING_DELETION webhooks', () =>
      statusEvents('appointment_reminder/fa').includes('PENDING_DELETION'),
    );
  });

  it('sync lists what only Meta has, with its status, category and quality', async () => {
    sandbox.management.createTemplate({ name: 'old_promo', language: 'en_US', category: 'MARKETING', components: [] });
    await waitFor('its review', () => statusOf('old_promo/en_US') === 'APPROVED');
    sandbox.management.setTemplateQuality('old_promo/en_US', 'GREEN');
    const sync = await templates('sync');
    assert.equal(sync.exitCode, 1);
    assert.ok(sync.lines.includes('old_promo/en_US: missing in the YAML (APPROVED, MARKETING, quality GREEN)'));
  });
});

describe('the flowbook command: templates delete', () => {
  const cwd = freshDir();
  it('refuses without --yes in one line, before it needs any configuration', { timeout: 60_000 }, async () => {
    assertOneLineError(
      await runCli(cwd, ['templates', 'delete', 'appointment_reminder', '--lang', 'ar']),
      /^flowbook: templates delete removes appointment_reminder\/ar at Meta: run it again with --yes$/,
    );
  });
});
