import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contractOf, FLOW_FILES } from './contract.ts';
import { walkerFor, type Send } from './flow-walker.ts';
import { APP_SECRET, KEYS, startTestApp, type TestApp } from './helpers.ts';
import { callFlow, type Transport } from './independent-client.ts';

/**
 * A business that keeps Meta's Builder template "Book an appointment" (flows/builder-template.json,
 * docs/protocol.md §3): APPOINTMENT's Continue only navigates, so the endpoint first hears of the
 * chosen time when DETAILS sends it with the form. Driven over a real socket by the independent
 * client (real RSA and AES, nothing from src/), following the template's own actions; every answer
 * is checked against the template's schemas and routing model.
 */
let app: TestApp;
let baseUrl: string;
const publicKeyPem = readFileSync(path.join(KEYS, 'public.pem'), 'utf8');
const contract = contractOf(FLOW_FILES.builder);
let requests = 0;

before(async () => {
  app = await startTestApp({ FLOW_JSON: FLOW_FILES.builder });
  baseUrl = await app.server.listen({ host: '127.0.0.1', port: 0 });
});
after(() => app.dispose());

const overHttp: Transport = async (body, headers) => {
  const response = await fetch(`${baseUrl}/flow`, { method: 'POST', headers, body });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
};

function customer(token: string): Send {
  return async (action, screen, data) => {
    requests++;
    const request = {
      version: '3.0',
      action,
      flow_token: token,
      ...(screen ? { screen } : {}),
      ...(data ? { data } : {}),
    };
    const answer = await callFlow(overHttp, request, { publicKeyPem, secret: APP_SECRET });
    if (answer.status === 200) {
      assert.deepEqual(contract({ action, screen }, answer.body), [], `${action} ${screen}: ${answer.text}`);
    }
    return answer;
  };
}

const PERSON = { name: 'Amal Haddad', email: 'amal@example.com', phone: '+44 20 7946 0123', more_details: '' };
const enabledIds = (list: unknown) =>
  (list as Array<{ id: string; enabled?: boolean }>).filter((o) => o.enabled !== false).map((o) => o.id);

async function bookingsOf(token: string) {
  const session = app.tokens.open(token, app.clock());
  const { rows } = await app.db.query<{ status: string; start_at: Date }>(
    'SELECT status, start_at FROM bookings WHERE flow_token = $1',
    [session.id],
  );
  return rows.map((r) => ({ status: r.status, start: new Date(r.start_at).toISOString() }));
}

describe("Meta's Builder template, served as published", () => {
  it('books end to end; going back to another time moves the hold', async () => {
    const token = app.mint('447700900301');
    const flow = walkerFor(FLOW_FILES.builder, customer(token));
    const opened = await flow.init();
    assert.equal(opened.id, 'APPOINTMENT');
    assert.equal(opened.data.is_location_enabled, false);
    assert.ok(!('t_continue' in opened.data), 'only what the template declares');
    const form: Record<string, unknown> = { department: 'clothing' };
    await flow.select('department', 'clothing', form);
    form.location = 'oxford-street';
    await flow.select('location', 'oxford-street', form);
    form.date = enabledIds(flow.top.data.date)[0];
    await flow.select('date', String(form.date), form);
    const [first, second] = enabledIds(flow.top.data.time);
    form.time = first;

    const before = requests;
    const details = await flow.submit(form);
    assert.equal(details.frame.id, 'DETAILS');
    assert.equal(requests, before, 'Continue navigates: no endpoint call');
    assert.deepEqual(details.frame.data, {
      department: 'clothing',
      location: 'oxford-street',
      date: form.date,
      time: first,
    });
    assert.deepEqual(await bookingsOf(token), [], 'nothing held before DETAILS');

    const typo = await flow.submit({ ...PERSON, email: 'amal@' });
    assert.equal(typo.frame.id, 'DETAILS');
    assert.match(typo.body.data.error_message, /email/i);
    assert.equal(typo.frame.data.time, first, 'the choice survives the error');

    const summary = await flow.submit(PERSON);
    assert.equal(summary.frame.id, 'SUMMARY', JSON.stringify(summary.body));
    assert.match(String(summary.frame.data.appointment), /^Clothing & Apparel at Oxford Street, London\n.* at 10:00/);
    const held = await bookingsOf(token);
    assert.deepEqual(
      held.map((b) => b.status),
      ['held'],
    );

    // The template has no refresh_on_back: BACK happens on the phone, and Continue navigates again.
    assert.equal((await flow.back())?.id, 'DETAILS');
    assert.equal((await flow.back())?.id, 'APPOINTMENT');
    const again = await flow.submit({ ...form, time: second });
    assert.equal(again.frame.id, 'DETAILS');
    const moved = await flow.submit(PERSON);
    assert.equal(moved.frame.id, 'SUMMARY');
    assert.equal(moved.frame.data.time, second);
    const after = await bookingsOf(token);
    assert.equal(after.length, 1, 'one hold per session');
    assert.notEqual(after[0]!.start, held[0]!.start, 'the hold moved to the second time');

    const done = await flow.submit({ terms: true });
    assert.equal(done.body.screen, 'SUCCESS', JSON.stringify(done.body));
    assert.equal(done.body.data.extension_message_response.params.flow_token, token);
    assert.deepEqual(
      (await bookingsOf(token)).map((b) => b.status),
      ['confirmed'],
    );
    const retry = await customer(token)('data_exchange', 'SUMMARY', moved.frame.data);
    assert.equal(retry.body.screen, 'SUCCESS', 'a retried confirmation gets the same SUCCESS');
    const ended = await customer(token)('INIT', undefined);
    assert.equal(ended.status, 427);
    assert.equal(ended.body.error_msg, 'This booking session has ended. Please start a new one.');
  });

  it('a service taken by staff books "anyone" (the template has no person); SUMMARY names who and the price', async () => {
    const token = app.mint('447700900305');
    const flow = walkerFor(FLOW_FILES.builder, customer(token));
    await flow.init();
    const form: Record<string, unknown> = { department: 'haircut' };
    await flow.select('department', 'haircut', form);
    form.location = 'kings-cross';
    await flow.select('location', 'kings-cross', form);
    form.date = '2026-11-25';
    await flow.select('date', '2026-11-25', form);
    form.time = enabledIds(flow.top.data.time)[0];
    await flow.submit(form);
    const summary = await flow.submit(PERSON);
    assert.equal(summary.frame.id, 'SUMMARY', JSON.stringify(summary.body));
    assert.match(
      String(summary.frame.data.appointment),
      /^Haircut with (Ana|Ben) at King's Cross, London\n.*\n30 min · £25\.00$/,
    );
    assert.equal((await flow.submit({ terms: true })).body.screen, 'SUCCESS');
    const session = app.tokens.open(token, app.clock());
    const { rows } = await app.db.query<{ staff_id: string | null }>(
      'SELECT staff_id FROM bookings WHERE flow_token = $1',
      [session.id],
    );
    assert.match(String(rows[0]?.staff_id), /^(ana|ben)$/);
  });

  it('a time taken while the customer typed: DETAILS says so; back on APPOINTMENT another time books', async () => {
    const token = app.mint('447700900302');
    const flow = walkerFor(FLOW_FILES.builder, customer(token));
    await flow.init();
    const form = { department: 'home', location: 'piccadilly', date: '2026-11-24', time: '' };
    await flow.select('date', form.date, form);
    form.time = enabledIds(flow.top.data.time)[1]!;
    await flow.submit(form);
    // Someone else holds the only unit (capacity 1) before this customer finishes DETAILS.
    const rival = walkerFor(FLOW_FILES.builder, customer(app.mint('447700900303')));
    await rival.init();
    await rival.submit(form);
    assert.equal((await rival.submit(PERSON)).frame.id, 'SUMMARY');

    const lost = await flow.submit(PERSON);
    assert.equal(lost.frame.id, 'DETAILS');
    assert.match(lost.body.data.error_message, /taken/);
    assert.deepEqual(await bookingsOf(token), []);
    await flow.back();
    await flow.select('date', form.date, form);
    const free = enabledIds(flow.top.data.time);
    assert.ok(!free.includes(form.time), 'the taken time is shown disabled');
    await flow.submit({ ...form, time: free[0] });
    assert.equal((await flow.submit(PERSON)).frame.id, 'SUMMARY');
    assert.equal((await flow.submit({ terms: true })).body.screen, 'SUCCESS');
  });

  it('a hold that expired and was taken: SUMMARY stays, with the reason, in the customer language', async () => {
    const token = app.mint('966500000301', 'ar');
    const flow = walkerFor(FLOW_FILES.builder, customer(token));
    await flow.init();
    const form = { department: 'shopping', location: 'piccadilly', date: '2026-11-25', time: '' };
    await flow.select('date', form.date, form);
    form.time = enabledIds(flow.top.data.time)[2]!;
    await flow.submit(form);
    assert.equal((await flow.submit(PERSON)).frame.id, 'SUMMARY');
    const start = app.clock();
    app.setNow(start + 11 * 60_000); // past the catalog's 10-minute hold
    try {
      const rival = walkerFor(FLOW_FILES.builder, customer(app.mint('447700900304')));
      await rival.init();
      await rival.submit(form);
      assert.equal((await rival.submit(PERSON)).frame.id, 'SUMMARY');
      const lost = await flow.submit({ terms: true });
      assert.equal(lost.body.screen, 'SUMMARY');
      assert.match(lost.body.data.error_message, /حُجز وقتك/);
    } finally {
      app.setNow(start);
    }
  });
});
