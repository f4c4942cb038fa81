import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { BadRequestError, ConfigError } from '../../src/errors.ts';
import { GraphApiError } from '../../src/whatsapp/errors.ts';
import { createGraphClient, type GraphClient } from '../../src/whatsapp/graph.ts';
import {
  createFlow,
  createMessageTemplate,
  deployFlow,
  formatValidationError,
  getFlow,
  getPublicKeyStatus,
  listMessageTemplates,
  publishFlow,
  updateFlowMetadata,
  uploadFlowJson,
  uploadPublicKey,
} from '../../src/whatsapp/management.ts';
import { metaError, startGraphStandIn, type GraphStandIn } from './graph-server.ts';

let graph: GraphStandIn;
let client: GraphClient;
const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const FLOW_JSON = '{\n  "version": "7.0",\n  "screens": []\n}\n';
const OK = { json: { success: true } };

before(async () => {
  graph = await startGraphStandIn();
  client = createGraphClient({
    baseUrl: graph.baseUrl,
    version: 'v24.0',
    token: 'tkn',
    random: () => 0,
    sleep: async () => {},
  });
});
after(() => graph.close());
beforeEach(() => graph.reset());

describe('business public key', () => {
  it('uploads the PEM as the business_public_key form field', async () => {
    graph.enqueue(OK);
    await uploadPublicKey(client, '1111', PUBLIC_PEM);
    const [request] = graph.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/v24.0/1111/whatsapp_business_encryption');
    assert.match(String(request?.headers['content-type']), /^application\/x-www-form-urlencoded/);
    assert.equal((await request!.form()).get('business_public_key'), PUBLIC_PEM);
  });

  it('refuses a key that is not 2048-bit RSA before calling Meta', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
    await assert.rejects(uploadPublicKey(client, '1111', small.toString()), BadRequestError);
    await assert.rejects(uploadPublicKey(client, '1111', 'not a key'), BadRequestError);
    assert.equal(graph.requests.length, 0);
  });

  it('reads the signature status, flat or wrapped in data', async () => {
    graph.enqueue(
      { json: { business_public_key: PUBLIC_PEM, business_public_key_signature_status: 'VALID' } },
      { json: { data: [{ business_public_key: PUBLIC_PEM, business_public_key_signature_status: 'MISMATCH' }] } },
    );
    assert.deepEqual(await getPublicKeyStatus(client, '1111'), { publicKey: PUBLIC_PEM, signatureStatus: 'VALID' });
    assert.equal((await getPublicKeyStatus(client, '1111')).signatureStatus, 'MISMATCH');
    assert.equal(graph.requests[0]?.method, 'GET');
    assert.equal(graph.requests[0]?.path, '/v24.0/1111/whatsapp_business_encryption');
  });
});

describe('Flows', () => {
  it('creates a Flow with the appointment category and endpoint', async () => {
    graph.enqueue({ json: { id: '777', success: true, validation_errors: [] } });
    assert.deepEqual(await createFlow(client, 'waba1', { name: 'Booking', endpointUri: 'https://x.test/flow' }), {
      id: '777',
      validationErrors: [],
    });
    assert.equal(graph.requests[0]?.path, '/v24.0/waba1/flows');
    assert.deepEqual(graph.requests[0]?.json(), {
      name: 'Booking',
      categories: ['APPOINTMENT_BOOKING'],
      endpoint_uri: 'https://x.test/flow',
    });
  });

  it('uploads the Flow JSON as a multipart file named flow.json', async () => {
    graph.enqueue({ json: { success: true, validation_errors: [] } });
    await uploadFlowJson(client, '777', FLOW_JSON);
    const request = graph.requests[0]!;
    assert.equal(request.path, '/v24.0/777/assets');
    assert.match(String(request.headers['content-type']), /^multipart\/form-data; boundary=/);
    const form = await request.form();
    assert.equal(form.get('name'), 'flow.json');
    assert.equal(form.get('asset_type'), 'FLOW_JSON');
    const file = form.get('file');
    assert.ok(file instanceof Blob);
    assert.equal((file as File).name, 'flow.json');
    assert.equal(await file.text(), FLOW_JSON);
  });

  it('updates metadata, publishes and reads a Flow with the docs/protocol.md §5 fields', async () => {
    graph.enqueue(OK, OK, {
      json: {
        id: '777',
        name: 'Booking',
        status: 'PUBLISHED',
        validation_errors: [],
        json_version: '7.0',
        data_api_version: '3.0',
        endpoint_uri: 'https://x.test/flow',
        health_status: { can_send_message: 'AVAILABLE' },
        preview: { preview_url: 'https://preview.test/1' },
      },
    });
    await updateFlowMetadata(client, '777', { endpointUri: 'https://x.test/flow' });
    await publishFlow(client, '777');
    const flow = await getFlow(client, '777');
    assert.deepEqual(
      graph.requests.map((r) => `${r.method} ${r.path}`),
      ['POST /v24.0/777', 'POST /v24.0/777/publish', 'GET /v24.0/777'],
    );
    assert.deepEqual(graph.requests[0]?.json(), { endpoint_uri: 'https://x.test/flow' });
    assert.equal(
      graph.requests[2]?.query.get('fields'),
      'id,name,status,validation_errors,json_version,data_api_version,endpoint_uri,health_status,preview.invalidate(false)',
    );
    assert.equal(flow.status, 'PUBLISHED');
    assert.equal(flow.previewUrl, 'https://preview.test/1');
    assert.deepEqual(flow.healthStatus, { can_send_message: 'AVAILABLE' });
  });

  it('surfaces a Graph error from a management call', async () => {
    graph.enqueue({ status: 400, json: metaError(139001, 'Flow cannot be published') });
    await assert.rejects(
      publishFlow(client, '777'),
      (e: unknown) => e instanceof GraphApiError && e.metaCode === 139001,
    );
  });
});

const ISSUE = {
  error: 'INVALID_PROPERTY_VALUE',
  error_type: 'FLOW_JSON_ERROR',
  message: 'Invalid value found for property "type".',
  line_start: 10,
  line_end: 10,
  column_start: 21,
  column_end: 34,
};

describe('deployFlow', () => {
  it('creates, uploads and publishes a new Flow', async () => {
    graph.enqueue({ json: { id: '900', success: true } }, { json: { success: true, validation_errors: [] } }, OK);
    const result = await deployFlow(client, {
      flowJson: FLOW_JSON,
      name: 'Booking',
      endpointUri: 'https://x.test/flow',
      wabaId: 'waba1',
      publish: true,
    });
    assert.deepEqual(result, {
      flowId: '900',
      created: true,
      replacedFlowId: undefined,
      published: true,
      validationErrors: [],
      errorLines: [],
    });
    assert.deepEqual(
      graph.requests.map((r) => `${r.method} ${r.path}`),
      ['POST /v24.0/waba1/flows', 'POST /v24.0/900/assets', 'POST /v24.0/900/publish'],
    );
  });

  it('updates a draft in place and does not publish when Meta reports validation errors', async () => {
    graph.enqueue(
      { json: { id: '777', status: 'DRAFT', validation_errors: [] } },
      {
        json: { success: true, validation_errors: [ISSUE, { error: 'MISSING_ROUTING_MODEL', message: 'no routing' }] },
      },
      OK,
    );
    const result = await deployFlow(client, {
      flowJson: FLOW_JSON,
      name: 'Booking',
      endpointUri: 'https://x.test/flow',
      flowId: '777',
      publish: true,
    });
    assert.equal(result.created, false);
    assert.equal(result.published, false);
    assert.deepEqual(result.errorLines, [
      'flow.json:10:21: FLOW_JSON_ERROR: Invalid value found for property "type".',
      'flow.json: MISSING_ROUTING_MODEL: no routing',
    ]);
    assert.deepEqual(
      graph.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /v24.0/777', 'POST /v24.0/777/assets', 'POST /v24.0/777'],
    );
  });

  it('replaces a published Flow with a new one', async () => {
    graph.enqueue(
      { json: { id: '777', status: 'PUBLISHED' } },
      { json: { id: '901', success: true } },
      { json: { success: true, validation_errors: [] } },
    );
    const result = await deployFlow(client, {
      flowJson: { version: '7.0', screens: [] },
      name: 'Booking v2',
      flowId: '777',
      wabaId: 'waba1',
      publish: false,
    });
    assert.equal(result.flowId, '901');
    assert.equal(result.replacedFlowId, '777');
    assert.equal(result.published, false);
    assert.equal(graph.requests.length, 3);
  });

  it('rejects JSON that does not parse, and creating without a WABA id', async () => {
    await assert.rejects(deployFlow(client, { flowJson: '{', name: 'x', publish: false }), BadRequestError);
    await assert.rejects(deployFlow(client, { flowJson: '{}', name: 'x', publish: false }), ConfigError);
    assert.equal(graph.requests.length, 0);
  });

  it('formats a multi-line range', () => {
    assert.equal(
      formatValidationError({ ...ISSUE, line_end: 12, column_end: 3 }, 'src/flow.json'),
      'src/flow.json:10:21-12:3: FLOW_JSON_ERROR: Invalid value found for property "type".',
    );
  });
});

describe('message templates', () => {
  it('lists every page', async () => {
    graph.enqueue(
      {
        json: {
          data: [{ id: '1', name: 'confirm', language: 'ar', status: 'APPROVED', category: 'UTILITY', components: [] }],
          paging: { cursors: { after: 'CUR' }, next: 'https://graph.test/next' },
        },
      },
      { json: { data: [{ id: '2', name: 'confirm', language: 'en_US', status: 'PENDING' }], paging: { cursors: {} } } },
    );
    const templates = await listMessageTemplates(client, 'waba1', { name: 'confirm' });
    assert.deepEqual(
      templates.map((t) => `${t.name}/${t.language}/${t.status}`),
      ['confirm/ar/APPROVED', 'confirm/en_US/PENDING'],
    );
    assert.equal(graph.requests[0]?.path, '/v24.0/waba1/message_templates');
    assert.equal(graph.requests[0]?.query.get('name'), 'confirm');
    assert.equal(graph.requests[0]?.query.has('after'), false);
    assert.equal(graph.requests[1]?.query.get('after'), 'CUR');
  });

  it('creates a template', async () => {
    graph.enqueue({ json: { id: '55', status: 'PENDING', category: 'UTILITY' } });
    const definition = {
      name: 'appointment_reminder',
      language: 'ar',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'موعدك {{1}}', example: { body_text: [['غدًا']] } }],
    } as const;
    assert.deepEqual(await createMessageTemplate(client, 'waba1', definition), {
      id: '55',
      status: 'PENDING',
      category: 'UTILITY',
    });
    assert.equal(graph.requests[0]?.method, 'POST');
    assert.deepEqual(graph.requests[0]?.json(), definition);
  });
});
