// The customer tag in logs is keyed (issue #21): without the key, a tag cannot be matched to a phone number.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { customerTag, deriveCustomerTagKey, useCustomerTagKey } from '../../src/log.ts';
import { createLogger } from '../../src/log.ts';
import { startHarness, textMsg, delivery } from '../webhook/harness.ts';
import { waitFor } from '../wait.ts';

const KEY = 'a-log-tag-key-of-forty-characters-0123456';
const PHONE = '447700960001';
/** The tag of PHONE under KEY (HKDF-SHA256 → HMAC-SHA256, base64url, 10 characters), computed once. */
const KNOWN_TAG = 'c_TQo828rGbF';
/** What the unkeyed hash of flowbook ≤ 0.1 gave: anyone could recompute it from a list of numbers. */
const UNKEYED = `c_${createHash('sha256').update(`flowbook:${PHONE}`).digest('base64url').slice(0, 10)}`;

describe('customer tags', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'flowbook-tag-'));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('are an HMAC under a key derived from LOG_TAG_KEY or APP_SECRET: a known answer, and another key gives another tag', () => {
    useCustomerTagKey(deriveCustomerTagKey(KEY, dir()));
    assert.equal(customerTag(PHONE), KNOWN_TAG);
    assert.notEqual(customerTag(PHONE), UNKEYED);
    useCustomerTagKey(deriveCustomerTagKey(`${KEY}x`, dir()));
    assert.notEqual(customerTag(PHONE), KNOWN_TAG);
  });

  it('in a sandbox without a secret, are keyed by a random seed kept in the data directory', () => {
    const first = dir();
    const tagIn = (d: string) => {
      useCustomerTagKey(deriveCustomerTagKey(undefined, d));
      return customerTag(PHONE);
    };
    const tag = tagIn(first);
    assert.equal(tagIn(first), tag, 'the same directory keeps its key across restarts');
    assert.notEqual(tagIn(dir()), tag, 'another directory has another key');
    assert.equal(statSync(path.join(first, 'keys', 'log-tag.key')).mode & 0o077, 0, 'owner-only');
  });

  it('the app logs tags under its configured key', { timeout: 60_000 }, async () => {
    let captured = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        captured += chunk.toString();
        done();
      },
    });
    const h = await startHarness({ env: { LOG_TAG_KEY: KEY }, log: createLogger('debug', sink) });
    try {
      await h.post(delivery({ messages: [textMsg(PHONE, 'wamid.TAG1', 'hello')] }));
      const line = await waitFor('the conversation logging the message', () =>
        captured
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l.msg === 'handling a message'),
      );
      assert.equal(line.customer, KNOWN_TAG);
      assert.ok(!captured.includes(UNKEYED));
      assert.ok(!captured.includes(PHONE));
    } finally {
      await h.close();
    }
  });
});
