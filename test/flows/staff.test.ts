import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getBooking } from '../../src/booking/bookings.ts';
import { contractProblems, FLOW_FILES } from './contract.ts';
import { walkerFor, type Walker } from './flow-walker.ts';
import { pickable, startTestApp, type TestApp } from './helpers.ts';

/**
 * Services with staff through flowbook's own Flow, over the real encrypted /flow endpoint, driven by
 * the Flow JSON's own actions (service → person → location → CalendarPicker → time), every answer
 * checked against the file's schemas and routing model. The demo catalog: `colour` (90 min, £79.50,
 * one upcoming per customer) taken by Ana at King's Cross and Chloé at Oxford Street (on holiday
 * 21–27 December); `haircut` (30 min, £25) by Ana and Ben. The clock: Monday 23 November 2026, 08:00.
 */
let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(() => app.dispose());

const ANYONE = '_anyone';
const PERSON = { name: 'Jane Doe', email: 'jane@example.com', phone: '+44 20 7946 0000', more_details: '' };
const ids = (list: unknown) => (list as Array<{ id: string }>).map((o) => o.id);
const unavailable = (data: Record<string, unknown>) => data.unavailable_dates as string[];
const free = (list: unknown) =>
  (list as Array<{ id: string; enabled?: boolean }>).filter((o) => o.enabled !== false).map((o) => o.id);

function customer(token: string): Walker {
  return walkerFor(FLOW_FILES.flowbook, async (action, screen, data) => {
    const answer = await app.flow({ version: '3.0', action, flow_token: token, screen, data });
    if (answer.status === 200) {
      assert.deepEqual(contractProblems({ action, screen }, answer.body), [], JSON.stringify(answer.body));
    }
    return answer;
  });
}

/** APPOINTMENT walked to a chosen date, as the customer's client sends it; returns the form so far. */
async function choose(flow: Walker, service: string, staff: string, location: string, date?: string) {
  const form: Record<string, unknown> = { department: service, staff: ANYONE };
  await flow.select('department', service, form);
  if (staff !== ANYONE) await flow.select('staff', staff, form);
  form.staff = staff;
  await flow.select('location', location, form);
  form.location = location;
  form.date = date ?? pickable(flow.top.data)[0];
  await flow.select('date', String(form.date), form);
  return form;
}

/** Books the first free time of the choice; returns the booking and the SUMMARY text. */
async function book(phone: string, service: string, staff: string, location: string, date?: string) {
  const token = app.mint(phone);
  const flow = customer(token);
  await flow.init();
  const form = await choose(flow, service, staff, location, date);
  form.time = free(flow.top.data.time)[0];
  assert.equal((await flow.submit(form)).frame.id, 'DETAILS');
  const summary = await flow.submit(PERSON);
  assert.equal(summary.frame.id, 'SUMMARY', JSON.stringify(summary.body));
  const done = await flow.submit({ terms: true });
  assert.equal(done.body.screen, 'SUCCESS', JSON.stringify(done.body));
  const booking = await getBooking(app.db, done.body.data.extension_message_response.params.booking_id);
  return { booking: booking!, appointment: String(summary.frame.data.appointment) };
}

describe('services with staff, through the Flow', () => {
  it('offers a person only when there is someone to choose between, "Anyone" first', async () => {
    const flow = customer(app.mint());
    await flow.init();
    await flow.select('department', 'colour', {});
    assert.equal(flow.top.data.is_staff_visible, true);
    assert.deepEqual(flow.top.data.staff, [
      { id: ANYONE, title: 'Anyone' },
      { id: 'ana', title: 'Ana' },
      { id: 'chloe', title: 'Chloé' },
    ]);
    assert.equal(flow.top.data.selected_staff, ANYONE);
    await flow.select('staff', 'chloe', { department: 'colour' });
    assert.deepEqual(ids(flow.top.data.location), ['oxford-street'], 'Chloé works at Oxford Street only');
    await flow.select('staff', 'ana', { department: 'colour' });
    assert.deepEqual(ids(flow.top.data.location), ['kings-cross']);
    await flow.select('staff', ANYONE, { department: 'colour' });
    assert.deepEqual(ids(flow.top.data.location), ['kings-cross', 'oxford-street']);
    await flow.select('department', 'clothing', {});
    assert.equal(flow.top.data.is_staff_visible, false, 'units, no staff: nobody to choose');
    await flow.select('staff', 'ben', { department: 'colour' });
    assert.match(String(flow.top.data.error_message), /no longer available/, 'Ben does not colour');
  });

  it('books a 90-minute colour with Chloé: her booking, 90 minutes, the price on SUMMARY', async () => {
    const { booking, appointment } = await book('447700900501', 'colour', 'chloe', 'oxford-street', '2026-11-25');
    assert.match(appointment, /^Hair colour with Chloé at Oxford Street, London\n.*\n90 min · £79\.50$/);
    assert.equal(booking.serviceId, 'colour');
    assert.equal(booking.staffId, 'chloe');
    assert.equal(booking.end.getTime() - booking.start.getTime(), 90 * 60_000);
    assert.equal(booking.priceAmount1000, 79_500);
  });

  it('books the person chosen where two could take it: Ben, whom "Anyone" would not get first', async () => {
    const flow = customer(app.mint('447700900506'));
    await flow.init();
    await choose(flow, 'haircut', 'ben', 'kings-cross', '2026-11-25');
    assert.ok(unavailable(flow.top.data).includes('2026-11-24'), "Ben is not at King's Cross on Tuesdays");
    const { booking, appointment } = await book('447700900507', 'haircut', 'ben', 'kings-cross', '2026-11-25');
    assert.equal(booking.staffId, 'ben');
    assert.match(appointment, /^Haircut with Ben at King's Cross, London\n/);
  });

  it('books a haircut with "Anyone": someone is assigned, and SUMMARY names them', async () => {
    const { booking, appointment } = await book('447700900502', 'haircut', ANYONE, 'kings-cross');
    assert.equal(booking.serviceId, 'haircut');
    assert.ok(booking.staffId === 'ana' || booking.staffId === 'ben', `assigned ${booking.staffId}`);
    const name = booking.staffId === 'ana' ? 'Ana' : 'Ben';
    assert.match(appointment, new RegExp(`^Haircut with ${name} at King's Cross, London\\n.*\\n30 min · £25\\.00$`));
    assert.equal(booking.end.getTime() - booking.start.getTime(), 30 * 60_000);
  });

  it("greys out the days of a person's time off, and refuses them", async () => {
    const flow = customer(app.mint('447700900503'));
    await flow.init();
    await choose(flow, 'colour', 'chloe', 'oxford-street', '2026-12-14');
    const calendar = flow.top.data;
    assert.ok(free(calendar.time).length > 0, 'a Monday Chloé works');
    assert.ok(unavailable(calendar).includes('2026-12-21'), 'the Monday of her holiday');
    assert.ok(unavailable(calendar).includes('2026-11-24'), 'a Tuesday: she does not work Tuesdays');
    assert.ok(!unavailable(calendar).includes('2026-12-14'));
    await flow.select('date', '2026-12-21', { department: 'colour', staff: 'chloe', location: 'oxford-street' });
    assert.deepEqual(free(flow.top.data.time), [], 'nothing to choose on her holiday');
    const refused = await flow.submit({
      department: 'colour',
      staff: 'chloe',
      location: 'oxford-street',
      date: '2026-12-21',
      time: '10:00',
    });
    assert.equal(refused.frame.id, 'APPOINTMENT');
    assert.ok(refused.body.data.error_message);
    // Nobody else colours at Oxford Street: with "Anyone" the day is greyed too.
    await flow.select('staff', ANYONE, { department: 'colour' });
    await flow.select('location', 'oxford-street', { department: 'colour', staff: ANYONE });
    assert.ok(unavailable(flow.top.data).includes('2026-12-21'));
  });

  it('one upcoming colour per customer: a second one is refused in their language', async () => {
    const phone = '447700900504';
    await book(phone, 'colour', 'ana', 'kings-cross');
    const flow = customer(app.mint(phone, 'fr_FR'));
    await flow.init();
    const form = await choose(flow, 'colour', 'chloe', 'oxford-street', '2026-11-27');
    const refused = await flow.submit({ ...form, time: free(flow.top.data.time)[0] });
    assert.equal(refused.frame.id, 'APPOINTMENT');
    assert.match(refused.body.data.error_message, /^Vous avez déjà le nombre maximal de rendez-vous à venir \(1\)/);
  });

  it('two Flows of one customer race for their only colour: the second confirmation says why on SUMMARY', async () => {
    const phone = '447700900508';
    const toSummary = async (staff: string, location: string) => {
      const flow = customer(app.mint(phone, 'de_DE'));
      await flow.init();
      const form = await choose(flow, 'colour', staff, location, '2026-12-04');
      assert.equal((await flow.submit({ ...form, time: free(flow.top.data.time)[0] })).frame.id, 'DETAILS');
      assert.equal((await flow.submit(PERSON)).frame.id, 'SUMMARY');
      return flow;
    };
    const first = await toSummary('ana', 'kings-cross');
    const second = await toSummary('chloe', 'oxford-street');
    assert.equal((await first.submit({ terms: true })).body.screen, 'SUCCESS');
    const refused = await second.submit({ terms: true });
    assert.equal(refused.body.screen, 'SUMMARY');
    assert.match(
      refused.body.data.error_message,
      /^Sie haben bereits die höchstmögliche Zahl anstehender Termine \(1\)/,
    );
  });

  it('a reschedule opens on the booking: service, person, location and date chosen', async () => {
    const { booking } = await book('447700900505', 'colour', 'chloe', 'oxford-street', '2026-11-28');
    const { token } = app.tokens.mint(
      { customer: '447700900505', language: 'en_US', rescheduleOf: booking.id },
      app.clock(),
    );
    const flow = customer(token);
    const opened = await flow.init();
    assert.equal(opened.data.selected_department, 'colour');
    assert.equal(opened.data.selected_staff, 'chloe');
    assert.equal(opened.data.selected_location, 'oxford-street');
    assert.equal(opened.data.selected_date, '2026-11-28');
    assert.ok(free(opened.data.time).length > 0, 'the times of that day are listed');
  });
});
