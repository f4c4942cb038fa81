import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, SANDBOX_IDS } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

const KEYS = path.join(import.meta.dirname, 'fixtures/keys');
// App secrets as Meta issues them: 32 hex digits.
const NEW_SECRET = '9f86d081884c7d659a2feaa0c55ad015';
const OLD_SECRET = '60303ae22b998861bce3b28f33eec1be';
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
      APP_SECRET: NEW_SECRET,
      APP_SECRET_PREVIOUS: OLD_SECRET,
      VERIFY_TOKEN: 'v',
      PHONE_NUMBER_ID: '1',
      FLOW_ID: '2',
      PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs1-encrypted.pem'),
      PASSPHRASE: 'flowbook-test',
    });
    assert.equal(config.mode, 'live');
    assert.equal(config.graph.baseUrl, 'https://graph.facebook.com');
    assert.deepEqual(config.appSecrets, [NEW_SECRET, OLD_SECRET]);
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

  it('refuses weak APP_SECRET, APP_SECRET_PREVIOUS, ADMIN_TOKEN and LOG_TAG_KEY in live mode, naming the rule', () => {
    const live = {
      GRAPH_API_TOKEN: 't',
      VERIFY_TOKEN: 'v',
      PHONE_NUMBER_ID: '1',
      FLOW_ID: '2',
      PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs1-encrypted.pem'),
      PASSPHRASE: 'flowbook-test',
    };
    const list = problems({
      ...live,
      APP_SECRET: 'changeme',
      APP_SECRET_PREVIOUS: 'a'.repeat(40),
      ADMIN_TOKEN: 'admin',
      LOG_TAG_KEY: '2026-01-01-2026-01-01-2026-01-01',
    });
    for (const name of ['APP_SECRET', 'APP_SECRET_PREVIOUS', 'ADMIN_TOKEN', 'LOG_TAG_KEY']) {
      assert.ok(
        list.some((p) =>
          p.startsWith(`${name} is too weak for live mode: use at least 32 characters with at least 10 different ones`),
        ),
        `${name} in ${JSON.stringify(list)}`,
      );
    }
    assert.equal(list.length, 4);
    // Meta's own format passes; sandbox mode and CLI commands take whatever they are given.
    assert.equal(loadConfig({ ...live, APP_SECRET: NEW_SECRET, ADMIN_TOKEN: OLD_SECRET + OLD_SECRET }).mode, 'live');
    assert.equal(loadConfig({ APP_SECRET: 's', ADMIN_TOKEN: 'admin' }).mode, 'sandbox');
    assert.equal(loadConfig({ ...live, APP_SECRET: 's' }, { requireLiveSettings: false }).mode, 'live');
  });
});
