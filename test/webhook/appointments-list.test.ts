import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placeHold } from '../../src/booking/holds.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import type { Booking } from '../../src/booking/rows.ts';
import { localize } from '../../src/catalog/load.ts';
import { appointmentRow } from '../../src/conversation/manage.ts';
import { MESSAGE_LIMITS } from '../../src/whatsapp/limits.ts';
import { ENGINES } from '../storage/helpers.ts';
import { delivery, startHarness, textMsg, type Harness } from './harness.ts';

/** Every chat language, the words that ask for the list in it, and a customer who writes them. */
const LANGUAGES = [
  ['en_US', 'my appointments', '15550100001'],
  ['ar', 'مواعيدي', '966500000001'],
  ['fa', 'نوبت‌های من', '989120000001'],
  ['es', 'mis citas', '34600000001'],
  ['fr', 'mes rendez-vous', '33600000001'],
  ['pt_BR', 'meus agendamentos', '5511900000001'],
  ['de', 'meine termine', '4915100000001'],
  ['tr', 'randevularım', '905300000001'],
  ['hi', 'मेरी अपॉइंटमेंट', '919800000001'],
] as const;

const length = (text: string) => [...text].length;

for (const engine of ENGINES)
  describe(`My appointments rows in every language [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine });
    });
    after(() => h.close());

    test('the longest department · location of the catalog and a long date fit the row without "…"', async () => {
      const catalog = h.app.catalog();
      for (const [index, [language, words, phone]] of LANGUAGES.entries()) {
        // The pair with the longest names in this language, offered somewhere.
        const pairs = catalog.locations.flatMap((l) =>
          catalog.departments
            .filter((d) => (l.capacity[d.id] ?? 0) > 0)
            .map((d) => ({
              location: l,
              department: d,
              where: `${localize(d.title, language)} · ${localize(l.title, language)}`,
            })),
        );
        const longest = pairs.sort((a, b) => length(b.where) - length(a.where))[0]!;
        const { session } = h.app.tokens.mint({ customer: phone, language }, Date.now());
        // A Wednesday in September, late morning: long weekday and month names in most languages.
        const start = new Date(Date.parse('2027-09-22T10:00:00Z') + index * 30 * 60_000);
        await placeHold(h.app.db, {
          flowToken: session.id,
          customerPhone: phone,
          language,
          locationId: longest.location.id,
          departmentId: longest.department.id,
          start,
          end: new Date(start.getTime() + 30 * 60_000),
          holdMinutes: 10,
          bufferMinutes: 0,
          now: new Date(),
        });
        await confirmBooking(h.app.db, {
          flowToken: session.id,
          details: { name: 'A', email: 'a@example.com', phone: '+1' },
          now: new Date(),
        });
        await h.post(delivery({ messages: [textMsg(phone, `wamid.list.${phone}`, words)] }));
        await h.idle();
        const list = h.sentTo(phone).at(-1)!;
        assert.equal(list.interactive?.type, 'list', `${language}: ${JSON.stringify(list)}`);
        const row = list.interactive.action.sections[0].rows[0];
        assert.ok(length(row.title) <= MESSAGE_LIMITS.rowTitle, `${language} title ${row.title}`);
        assert.ok(
          length(row.description) <= MESSAGE_LIMITS.rowDescription,
          `${language} description ${row.description}`,
        );
        assert.ok(
          !row.title.includes('…') && !row.description.includes('…'),
          `${language}: ${row.title} / ${row.description}`,
        );
        assert.ok(row.description.endsWith(longest.where), `${language}: ${row.description}`);
      }
    });
  });

test('every catalog pair, every day of a year, every language: rows within the limits, cut only when the names cannot fit', () => {
  const catalog = (() => {
    // The demo catalog, as the app loads it.
    return import('../../src/catalog/load.ts').then((m) => m.loadCatalog('catalog/demo.yaml'));
  })();
  return catalog.then((c) => {
    for (const [language] of LANGUAGES) {
      for (const location of c.locations) {
        for (const department of c.departments) {
          const where = `${localize(department.title, language)} · ${localize(location.title, language)}`;
          for (let day = 0; day < 366; day += 9) {
            const start = new Date(Date.UTC(2027, 0, 1 + day, 11, 45));
            const booking = {
              id: '0f0e0d0c-0000-4000-8000-000000000000',
              locationId: location.id,
              departmentId: department.id,
              serviceId: department.id,
              staffId: null,
              start,
            } as Booking;
            const row = appointmentRow(c, booking, language);
            assert.ok(length(row.title) <= MESSAGE_LIMITS.rowTitle, `${language} ${row.title}`);
            assert.ok(!row.title.includes('…'), `${language} ${row.title}`);
            assert.ok(length(row.description) <= MESSAGE_LIMITS.rowDescription, `${language} ${row.description}`);
            if (length(where) <= MESSAGE_LIMITS.rowDescription)
              assert.ok(row.description.endsWith(where), row.description);
          }
        }
      }
    }
  });
});
