import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, SANDBOX_IDS } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

const KEYS = path.join(import.meta.dirname, 'fixtures/keys');
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
};

describe('configuration', () => {
  it('needs nothing in sandbox mode and fills the defaults', () => {
    const config = loadConfig({});
    assert.equal(config.mode, 'sandbox');
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.graph.baseUrl, 'http://127.0.0.1:3000/sandbox/graph', "the sandbox's own Graph emulator");
    assert.equal(config.graph.flowId, SANDBOX_IDS.flowId);
    assert.match(config.graph.version, /^v2\d\.0$/);
    assert.ok(Object.isFrozen(config));
  });

  it('is live when GRAPH_API_TOKEN is set, and names every missing setting at once', () => {
    const list = problems({ GRAPH_API_TOKEN: 't' });
    for (const name of [
      'APP_SECRET',
      'VERIFY_TOKEN',
      'PHONE_NUMBER_ID',
      'FLOW_ID',
      'PRIVATE_KEY or PRIVATE_KEY_FILE',
    ]) {
      assert.ok(
        list.some((p) => p.startsWith(name)),
        `${name} in ${JSON.stringify(list)}`,
      );
    }
  });

  it('starts live with everything set, and keeps both secrets during a rotation', () => {
    const config = loadConfig({
      GRAPH_API_TOKEN: 't',
      APP_SECRET: 'new',
      APP_SECRET_PREVIOUS: 'old',
      VERIFY_TOKEN: 'v',
      PHONE_NUMBER_ID: '1',
      FLOW_ID: '2',
      PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs1-encrypted.pem'),
      PASSPHRASE: 'flowbook-test',
    });
    assert.equal(config.mode, 'live');
    assert.equal(config.graph.baseUrl, 'https://graph.facebook.com');
    assert.deepEqual(config.appSecrets, ['new', 'old']);
    assert.equal(config.privateKey?.asymmetricKeyType, 'rsa');
  });

  it('says when the passphrase is wrong or missing, or the key file is absent', () => {
    assert.deepEqual(problems({ PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8-encrypted.pem'), PASSPHRASE: 'nope' }), [
      'private key: PASSPHRASE does not decrypt PRIVATE_KEY',
    ]);
    assert.deepEqual(problems({ PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8-encrypted.pem') }), [
      'private key: the key is encrypted: set PASSPHRASE',
    ]);
    assert.deepEqual(problems({ PRIVATE_KEY_FILE: '/nonexistent.pem' }), ['PRIVATE_KEY_FILE /nonexistent.pem: ENOENT']);
  });

  it('accepts a PEM on one line with \\n escapes', () => {
    const pem = readFileSync(path.join(KEYS, 'pkcs1.pem'), 'utf8').replace(/\n/g, '\\n');
    assert.ok(loadConfig({ PRIVATE_KEY: pem }).privateKey);
  });

  it('rejects malformed values with the variable named', () => {
    const list = problems({ PORT: 'eighty', FLOWBOOK_MODE: 'prod', GRAPH_API_VERSION: '24' });
    assert.equal(list.length, 3);
    assert.ok(list.some((p) => p.startsWith('PORT')));
    assert.ok(list.some((p) => p.startsWith('FLOWBOOK_MODE')));
    assert.ok(list.some((p) => p.startsWith('GRAPH_API_VERSION')));
  });

  it('REQUIRE_FLOW_TOKEN_SIGNATURE is off by default, on with true or 1, and needs APP_SECRET', () => {
    assert.equal(loadConfig({}).requireFlowTokenSignature, false);
    assert.equal(loadConfig({ APP_SECRET: 's', REQUIRE_FLOW_TOKEN_SIGNATURE: 'true' }).requireFlowTokenSignature, true);
    assert.equal(loadConfig({ APP_SECRET: 's', REQUIRE_FLOW_TOKEN_SIGNATURE: '1' }).requireFlowTokenSignature, true);
    assert.equal(loadConfig({ REQUIRE_FLOW_TOKEN_SIGNATURE: 'false' }).requireFlowTokenSignature, false);
    assert.deepEqual(problems({ REQUIRE_FLOW_TOKEN_SIGNATURE: 'true' }), [
      'REQUIRE_FLOW_TOKEN_SIGNATURE needs APP_SECRET (the signature is keyed with it)',
    ]);
    assert.ok(problems({ REQUIRE_FLOW_TOKEN_SIGNATURE: 'yes' })[0]?.startsWith('REQUIRE_FLOW_TOKEN_SIGNATURE'));
  });
});
