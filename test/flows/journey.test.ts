import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contractProblems } from './contract.ts';
import { pickable, startTestApp, type TestApp } from './helpers.ts';

/**
 * A simulated WhatsApp client walks the appointment Flow. Every answer is also checked against the
 * shipped Flow JSON: declared data schema and legal transition (no payload-schema-error and no
 * invalid-screen-transition can reach a customer).
 */
let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(() => app.dispose());

type Answer = { screen: string; data: Record<string, any> };

async function send(
  token: string,
  action: string,
  screen: string | undefined,
  data?: Record<string, unknown>,
): Promise<Answer> {
  const request = {
    version: '3.0',
    action,
    flow_token: token,
    ...(screen ? { screen } : {}),
    ...(data ? { data } : {}),
  };
  const { status, body } = await app.flow(request);
  assert.equal(status, 200, `HTTP ${status}: ${JSON.stringify(body)}`);
  assert.deepEqual(contractProblems({ action, screen }, body), [], `${action} ${screen}: ${JSON.stringify(body)}`);
  return body as Answer;
}

const enabled = (list: Array<{ id: string; enabled?: boolean }>) => list.filter((o) => o.enabled !== false);

async function toDetails(token: string, department = 'clothing', location = 'oxford-street') {
  await send(token, 'INIT', undefined);
  await send(token, 'data_exchange', 'APPOINTMENT', { trigger: 'department_selected', department });
  const withDates = await send(token, 'data_exchange', 'APPOINTMENT', {
    trigger: 'location_selected',
    department,
    location,
  });
  const date = pickable(withDates.data)[0]!;
  const withTimes = await send(token, 'data_exchange', 'APPOINTMENT', {
    trigger: 'date_selected',
    department,
    location,
    date,
  });
  const time = enabled(withTimes.data.time)[0]!.id;
  const details = await send(token, 'data_exchange', 'APPOINTMENT', {
    trigger: 'continue',
    department,
    location,
    date,
    time,
  });
  return { details, date, time };
}

const PERSON = { name: 'Jane Doe', email: 'jane@example.com', phone: '+44 20 7946 0000', more_details: '' };

describe('the appointment Flow, end to end', () => {
  it('INIT shows the services (the departments among them) and disabled later dropdowns', async () => {
    const answer = await send(app.mint(), 'INIT', undefined);
    assert.equal(answer.screen, 'APPOINTMENT');
    assert.deepEqual(
      answer.data.department.map((d: { id: string }) => d.id),
      ['shopping', 'clothing', 'home', 'electronics', 'beauty', 'haircut', 'colour'],
    );
    assert.equal(answer.data.is_location_enabled, false);
    assert.equal(answer.data.is_date_enabled, false);
    assert.equal(answer.data.is_staff_visible, false, 'no service chosen: nobody to choose');
    assert.equal(answer.data.t_continue, 'Continue');
  });

  it('lists only locations offering the department, and real dates and times', async () => {
    const token = app.mint();
    const locations = await send(token, 'data_exchange', 'APPOINTMENT', {
      trigger: 'department_selected',
      department: 'electronics',
    });
    assert.deepEqual(
      locations.data.location.map((l: { id: string }) => l.id),
      ['kings-cross', 'piccadilly'],
    );
    const dates = await send(token, 'data_exchange', 'APPOINTMENT', {
      trigger: 'location_selected',
      department: 'electronics',
      location: 'piccadilly',
    });
    // The CalendarPicker spans the window; the full days are greyed (docs/protocol.md §3).
    assert.equal(dates.data.min_date, '2026-11-23');
    assert.equal(dates.data.max_date, '2026-12-22', 'the 30-day window');
    const ids = pickable(dates.data);
    assert.equal(ids[0], '2026-11-23');
    assert.ok(dates.data.unavailable_dates.includes('2026-11-29'), 'Piccadilly is closed on Sundays');
    assert.ok(!ids.includes('2026-11-29'));
    const times = await send(token, 'data_exchange', 'APPOINTMENT', {
      trigger: 'date_selected',
      department: 'electronics',
      location: 'piccadilly',
      date: '2026-11-23',
    });
    assert.equal(times.data.time[0].id, '09:30'); // opens 09:30; now is 08:00 with 60 min notice
    assert.equal(times.data.time.at(-1).id, '17:30');
  });

  it('books: DETAILS validates, SUMMARY summarises, SUCCESS completes; a retry is idempotent; then 427', async () => {
    const token = app.mint();
    const { details } = await toDetails(token);
    assert.equal(details.screen, 'DETAILS');
    const badEmail = await send(token, 'data_exchange', 'DETAILS', { ...PERSON, email: 'not-an-email' });
    assert.equal(badEmail.screen, 'DETAILS');
    assert.match(badEmail.data.error_message, /email/i);
    const badPhone = await send(token, 'data_exchange', 'DETAILS', { ...PERSON, phone: '12' });
    assert.match(badPhone.data.error_message, /phone/i);
    const summary = await send(token, 'data_exchange', 'DETAILS', PERSON);
    assert.equal(summary.screen, 'SUMMARY');
    assert.match(
      summary.data.appointment,
      /^Clothing & Apparel at Oxford Street, London\nMonday, November 23, 2026 at 10:00\sAM\n30 min$/,
    );
    const noTerms = await send(token, 'data_exchange', 'SUMMARY', { ...PERSON, terms: false });
    assert.match(noTerms.data.error_message, /terms/);
    const done = await send(token, 'data_exchange', 'SUMMARY', { ...PERSON, terms: true });
    assert.equal(done.screen, 'SUCCESS');
    const params = done.data.extension_message_response.params;
    assert.equal(params.flow_token, token);
    const again = await send(token, 'data_exchange', 'SUMMARY', { ...PERSON, terms: true });
    assert.equal(again.data.extension_message_response.params.booking_id, params.booking_id);
    const { rows } = await app.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bookings WHERE status = 'confirmed' AND name = 'Jane Doe'",
    );
    assert.equal(rows[0]!.n, 1);
    assert.equal((await app.flow({ version: '3.0', action: 'INIT', flow_token: token })).status, 427);
    assert.equal((await app.flow({ version: '3.0', action: 'ping', flow_token: token })).status, 200);
  });

  it('BACK answers the previous screen with fresh data', async () => {
    const token = app.mint();
    await toDetails(token, 'beauty', 'covent-garden');
    const back = await send(token, 'BACK', 'DETAILS');
    assert.equal(back.screen, 'APPOINTMENT');
    assert.equal(back.data.is_time_enabled, true);
    const fromSummary = await send(token, 'BACK', 'SUMMARY');
    assert.equal(fromSummary.screen, 'DETAILS');
  });

  it('unknown screens and option ids get the right screen with an error_message', async () => {
    const token = app.mint();
    const dept = await send(token, 'data_exchange', 'APPOINTMENT', {
      trigger: 'department_selected',
      department: 'nope',
    });
    assert.equal(dept.screen, 'APPOINTMENT');
    assert.ok(dept.data.error_message);
    const loc = await send(token, 'data_exchange', 'APPOINTMENT', {
      trigger: 'location_selected',
      department: 'beauty',
      location: 'piccadilly',
    });
    assert.ok(loc.data.error_message);
    const time = await send(token, 'data_exchange', 'APPOINTMENT', {
      trigger: 'continue',
      department: 'beauty',
      location: 'covent-garden',
      date: '2026-11-23',
      time: '03:00',
    });
    assert.ok(time.data.error_message);
    const past = await send(token, 'data_exchange', 'APPOINTMENT', {
      trigger: 'date_selected',
      department: 'beauty',
      location: 'covent-garden',
      date: '2020-01-01',
    });
    assert.ok(past.data.error_message);
    const incomplete = await send(token, 'data_exchange', 'APPOINTMENT', { trigger: 'continue', department: 'beauty' });
    assert.ok(incomplete.data.error_message);
    const weird = await send(token, 'data_exchange', 'APPOINTMENT', { trigger: 42 });
    assert.ok(weird.data.error_message);
    const summaryWithoutHold = await send(app.mint(), 'data_exchange', 'DETAILS', PERSON);
    assert.equal(summaryWithoutHold.screen, 'DETAILS');
    assert.ok(summaryWithoutHold.data.error_message);
  });

  it('a held slot of capacity 1 is taken for everyone else; the loser sees fresh times', async () => {
    const first = app.mint('447700900001');
    const second = app.mint('447700900002');
    const choice = { department: 'home', location: 'piccadilly', date: '2026-11-24', time: '11:00' };
    assert.equal(
      (await send(first, 'data_exchange', 'APPOINTMENT', { trigger: 'continue', ...choice })).screen,
      'DETAILS',
    );
    const lost = await send(second, 'data_exchange', 'APPOINTMENT', { trigger: 'continue', ...choice });
    assert.equal(lost.screen, 'APPOINTMENT');
    assert.match(lost.data.error_message, /taken/);
    const slot = lost.data.time.find((t: { id: string }) => t.id === '11:00');
    assert.equal(slot.enabled, false);
  });

  it("speaks the customer's language, right down to the times", async () => {
    const token = app.mint('966500000000', 'ar');
    const answer = await send(token, 'data_exchange', 'APPOINTMENT', {
      trigger: 'location_selected',
      department: 'beauty',
      location: 'covent-garden',
    });
    assert.equal(answer.data.t_continue, 'متابعة');
    assert.equal(answer.data.department[4].title, 'الجمال والعناية الشخصية');
    assert.equal(answer.data.t_date, 'التاريخ');
    // The CalendarPicker's dates are YYYY-MM-DD on the wire; the client writes them in the phone's language.
    const times = await send(token, 'data_exchange', 'APPOINTMENT', {
      trigger: 'date_selected',
      department: 'beauty',
      location: 'covent-garden',
      date: answer.data.min_date,
    });
    // Arabic-Indic digits, as in the confirmation template (templates/languages.ts), never Latin ones.
    assert.match(times.data.time[0].title, /^[\u0660-\u0669:\u066B\s\u200F\u061Cصم]+$/u);
  });
});
