import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { decideReminder, offsetMs, planReminders } from '../../src/reminders/plan.ts';
import { parseReminderPayload } from '../../src/reminders/message.ts';
import { REPLY_LANGUAGES, replyStrings } from '../../src/reminders/strings.ts';

const at = (iso: string) => new Date(iso);
const H = 60 * 60_000;

describe('reminder offsets and plans (pure)', () => {
  test('offsets are durations: 24h, 2h, 90m; anything else is refused', () => {
    assert.equal(offsetMs('24h'), 86_400_000);
    assert.equal(offsetMs('2h'), 7_200_000);
    assert.equal(offsetMs('90m'), 5_400_000);
    for (const bad of ['', '2d', '1.5h', 'h', '-2h', '2 h']) assert.throws(() => offsetMs(bad), RangeError, bad);
  });

  test('DST night (Europe/London 2027-03-28): 10:00 BST booking → 24h reminder at 09:00 UTC on the 27th, 24 real hours earlier', () => {
    const start = DateTime.fromISO('2027-03-28T10:00', { zone: 'Europe/London' });
    assert.equal(start.toUTC().toISO(), '2027-03-28T09:00:00.000Z'); // BST, UTC+1
    const plan = planReminders(start.toJSDate(), ['24h', '2h'], at('2027-03-01T00:00:00Z'));
    assert.deepEqual(
      plan.map((p) => [p.offset, p.action, p.action === 'schedule' ? p.runAt.toISOString() : null]),
      [
        ['24h', 'schedule', '2027-03-27T09:00:00.000Z'],
        ['2h', 'schedule', '2027-03-28T07:00:00.000Z'],
      ],
    );
    // On the wall clock the 24h reminder reads 09:00 (GMT) the day before, not 10:00: the clocks moved.
    const local = DateTime.fromJSDate(plan[0]!.dueAt, { zone: 'Europe/London' });
    assert.equal(local.toFormat('yyyy-MM-dd HH:mm ZZZZ'), '2027-03-27 09:00 GMT');
    assert.equal(start.toMillis() - plan[0]!.dueAt.getTime(), 24 * H);
  });

  test('overdue but not started: the reminder nearest the start runs now, the others are superseded', () => {
    const start = at('2030-01-10T10:00:00Z');
    const now = at('2030-01-10T08:30:00Z'); // 1.5 h before: both 24h and 2h are overdue
    const plan = planReminders(start, ['24h', '2h', '30m'], now);
    assert.deepEqual(
      plan.map((p) => [p.offset, p.action === 'schedule' ? p.runAt.toISOString() : p.reason]),
      [
        ['24h', 'superseded'],
        ['2h', '2030-01-10T08:30:00.000Z'],
        ['30m', '2030-01-10T09:30:00.000Z'],
      ],
    );
  });

  test('a booking confirmed after it started plans only late skips; equal durations count once', () => {
    const start = at('2030-01-10T10:00:00Z');
    assert.deepEqual(
      planReminders(start, ['2h'], start).map((p) => p.action === 'skip' && p.reason),
      ['late'],
    );
    assert.deepEqual(
      planReminders(start, ['2h', '120m', '24h'], at('2030-01-01T00:00:00Z')).map((p) => p.offset),
      ['2h', '24h'],
    );
    assert.deepEqual(planReminders(start, [], at('2030-01-01T00:00:00Z')), []);
  });

  test('fire-time decisions: cancelled, held, erased, started → skipped with the reason; late but before start → sent late', () => {
    const start = at('2030-01-10T10:00:00Z');
    const due = at('2030-01-09T10:00:00Z');
    const b = (status: string, customerPhone: string | null = '447700900123') => ({ status, start, customerPhone });
    assert.deepEqual(decideReminder(undefined, due, due), { outcome: 'skip', reason: 'missing' });
    assert.deepEqual(decideReminder(b('cancelled'), due, due), { outcome: 'skip', reason: 'cancelled' });
    assert.deepEqual(decideReminder(b('held'), due, due), { outcome: 'skip', reason: 'held' });
    assert.deepEqual(decideReminder(b('confirmed', null), due, due), { outcome: 'skip', reason: 'erased' });
    assert.deepEqual(decideReminder(b('confirmed'), due, start), { outcome: 'skip', reason: 'late' });
    assert.deepEqual(decideReminder(b('confirmed'), due, at('2030-01-10T11:00:00Z')), {
      outcome: 'skip',
      reason: 'late',
    });
    assert.deepEqual(decideReminder(b('confirmed'), due, due), { outcome: 'send', late: false });
    assert.deepEqual(decideReminder(b('confirmed'), due, new Date(due.getTime() + 5 * 60_000)), {
      outcome: 'send',
      late: false,
    });
    assert.deepEqual(decideReminder(b('confirmed'), due, at('2030-01-10T09:59:00Z')), { outcome: 'send', late: true });
  });

  test('quick-reply payloads: action:id, bare action, anything else not ours', () => {
    const id = '0b5a7c1e-3f0a-4a57-9d55-2a6f5f0c9e11';
    assert.deepEqual(parseReminderPayload(`confirm:${id}`), { action: 'confirm', bookingId: id });
    assert.deepEqual(parseReminderPayload('reschedule'), { action: 'reschedule', bookingId: undefined });
    assert.equal(parseReminderPayload('keep:1'), undefined);
    assert.equal(parseReminderPayload(''), undefined);
  });

  test('reply strings exist for the 9 Flow languages and fit the Flow CTA limit (≤ 30)', () => {
    assert.deepEqual(REPLY_LANGUAGES.sort(), ['ar', 'de', 'en', 'es', 'fa', 'fr', 'hi', 'pt', 'tr']);
    for (const language of REPLY_LANGUAGES) {
      const t = replyStrings(language);
      assert.ok([...t.rescheduleCta].length <= 30, language);
      assert.ok(t.thanks.includes('{when}') && t.rescheduleBody.includes('{when}'), language);
    }
    assert.equal(replyStrings('pt_BR'), replyStrings('pt'));
    assert.equal(replyStrings('xx'), replyStrings('en'));
  });
});
