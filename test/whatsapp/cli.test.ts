import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig, type Config } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { registerWhatsAppCommands } from '../../src/whatsapp/cli.ts';
import { FlowValidationError } from '../../src/whatsapp/errors.ts';
import { startGraphStandIn, type GraphStandIn } from './graph-server.ts';

let graph: GraphStandIn;
let dir: string;
let flowJsonPath: string;
let lines: string[];
const pem = (bits: number) =>
  generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const LOCAL_PEM = pem(2048);

before(async () => {
  graph = await startGraphStandIn();
  dir = await mkdtemp(path.join(tmpdir(), 'flowbook-cli-'));
  flowJsonPath = path.join(dir, 'flow.json');
  await writeFile(flowJsonPath, '{\n  "version": "7.0"\n}\n');
});
after(async () => {
  await graph.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  graph.reset();
  lines = [];
});

function config(env: Record<string, string> = {}): Config {
  // Live settings as a CLI sees them: only what each command uses is required.
  return loadConfig(
    {
      FLOWBOOK_MODE: 'live',
      GRAPH_API_TOKEN: 'tkn',
      GRAPH_API_BASE_URL: graph.baseUrl,
      PHONE_NUMBER_ID: '1111',
      WABA_ID: 'waba1',
      ...env,
    },
    { requireLiveSettings: false },
  );
}

async function run(args: string[], cfg = config(), program = new Command()) {
  program.exitOverride();
  registerWhatsAppCommands(program, {
    config: cfg,
    publicKeyPem: async () => LOCAL_PEM,
    flowJsonPath,
    defaultEndpointUri: 'https://book.test/flow',
    out: (line) => lines.push(line),
  });
  await program.parseAsync(['node', 'flowbook', ...args]);
  return program;
}

describe('whatsapp CLI', () => {
  it('adds subcommands to existing parent commands', async () => {
    const program = new Command();
    program.command('keys').command('generate');
    registerWhatsAppCommands(program, { config: config(), publicKeyPem: async () => LOCAL_PEM, flowJsonPath });
    const keys = program.commands.filter((c) => c.name() === 'keys');
    assert.equal(keys.length, 1);
    assert.deepEqual(
      keys[0]?.commands.map((c) => c.name()),
      ['generate', 'upload', 'status'],
    );
    assert.deepEqual(
      program.commands.find((c) => c.name() === 'flow')?.commands.map((c) => c.name()),
      ['deploy', 'status'],
    );
  });

  it('keys upload posts the local public key', async () => {
    graph.enqueue({ json: { success: true } });
    await run(['keys', 'upload']);
    assert.equal((await graph.requests[0]!.form()).get('business_public_key'), LOCAL_PEM);
    assert.deepEqual(lines, ['Uploaded the business public key for phone number id 1111.']);
  });

  it('keys status compares the uploaded key with the local one', async () => {
    graph.enqueue(
      { json: { business_public_key: LOCAL_PEM, business_public_key_signature_status: 'VALID' } },
      { json: { business_public_key: pem(2048), business_public_key_signature_status: 'VALID' } },
    );
    await run(['keys', 'status']);
    await run(['keys', 'status']);
    assert.deepEqual(lines, [
      'Signature status: VALID',
      'Uploaded key matches the local key: yes',
      'Signature status: VALID',
      'Uploaded key matches the local key: NO: run `keys upload`',
    ]);
  });

  it('flow deploy creates and publishes with the default endpoint', async () => {
    graph.enqueue(
      { json: { id: '900' } },
      { json: { success: true, validation_errors: [] } },
      { json: { success: true } },
    );
    await run(['flow', 'deploy', '--publish', '--name', 'Clinic']);
    assert.deepEqual(graph.requests[0]?.json(), {
      name: 'Clinic',
      categories: ['APPOINTMENT_BOOKING'],
      endpoint_uri: 'https://book.test/flow',
    });
    assert.deepEqual(lines, ['Created Flow 900.', 'Set FLOW_ID=900 to send this Flow.', 'Published.']);
  });

  it('flow deploy prints validation errors with the file path and fails', async () => {
    graph.enqueue(
      { json: { id: '777', status: 'DRAFT' } },
      {
        json: {
          success: true,
          validation_errors: [
            { error: 'INVALID', error_type: 'FLOW_JSON_ERROR', message: 'bad', line_start: 2, column_start: 3 },
          ],
        },
      },
      { json: { success: true } },
    );
    await assert.rejects(
      run(['flow', 'deploy', '--publish', '--endpoint-uri', 'https://other.test/e'], config({ FLOW_ID: '777' })),
      (error: unknown) => error instanceof FlowValidationError && error.code === 'FB_FLOW_VALIDATION',
    );
    assert.deepEqual(graph.requests[2]?.json(), { endpoint_uri: 'https://other.test/e' });
    assert.deepEqual(lines, ['Updated Flow 777.', `${flowJsonPath}:2:3: FLOW_JSON_ERROR: bad`]);
    assert.equal(
      graph.requests.some((r) => r.path.endsWith('/publish')),
      false,
    );
  });

  it('flow status prints the Flow and needs FLOW_ID', async () => {
    await assert.rejects(run(['flow', 'status']), ConfigError);
    graph.enqueue({
      json: {
        id: '777',
        name: 'Clinic',
        status: 'DRAFT',
        json_version: '7.0',
        data_api_version: '3.0',
        validation_errors: [],
      },
    });
    await run(['flow', 'status'], config({ FLOW_ID: '777' }));
    assert.deepEqual(lines, ['Flow 777 (Clinic): DRAFT', 'JSON version 7.0, data API 3.0', 'Endpoint: not set']);
  });

  it('fails clearly without a Graph API token', async () => {
    await assert.rejects(
      run(['keys', 'upload'], loadConfig({ FLOWBOOK_MODE: 'sandbox', PHONE_NUMBER_ID: '1' })),
      ConfigError,
    );
  });
});
