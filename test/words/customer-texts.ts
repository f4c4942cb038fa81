// What a customer reads in one language, outside the templates (test/templates/golden has those): the
// Flow's screens as the endpoint builds them (screens.ts, summary.ts), the confirmation as the chat's own
// text (bookingMessage without a template), and the chat's other messages as their tables' strings
// filled with the booking's own "{when}" (describeWhen, as manage.ts and replies.ts fill them), for the
// demo catalog and the golden bookings, so a golden file shows each string in its place.
import {
  departmentOptions,
  detailsScreen,
  termsScreen,
  timeOptions,
  dateOptions,
} from '../../src/flows/appointment/screens.ts';
import { formatNumber } from '../../src/flows/appointment/format.ts';
import { summaryScreen } from '../../src/flows/appointment/summary.ts';
import type { TimeAvailability } from '../../src/flows/ports.ts';
import { bookingModel } from '../../src/catalog/model.ts';
import { fill, flowStrings } from '../../src/flows/strings.ts';
import { chosenText } from '../../src/conversation/language-choice.ts';
import { appointmentRow } from '../../src/conversation/manage.ts';
import { bookingMessage, describeWhen, greetingName } from '../../src/messaging/render.ts';
import { buildRegistry } from '../../src/templates/index.ts';
import { menuStrings } from '../../src/messaging/menu-strings.ts';
import { chatStrings } from '../../src/messaging/strings.ts';
import { replyStrings } from '../../src/reminders/strings.ts';
import { waitlistStrings } from '../../src/waitlist/strings.ts';
import { demoCatalog, departmentBooking, stylistBooking } from '../templates/bookings.ts';

/** No template in any language: a booking message goes as the chat's own text. */
const NO_TEMPLATES = buildRegistry([]);

/** The languages flowbook ships (its templates' packs). */
export const CUSTOMER_LANGUAGES = ['en_US', 'en_GB', 'ar', 'fa', 'es', 'fr', 'pt_BR', 'de', 'tr', 'hi'] as const;

const strings = (data: Record<string, unknown>) =>
  Object.entries(data)
    .filter(([key, value]) => key.startsWith('t_') && typeof value === 'string')
    .map(([key, value]) => `${key}: ${value}`);

export function customerTexts(language: string): string {
  const t = flowStrings(language);
  const chat = chatStrings(language);
  const menu = menuStrings(language);
  const replies = replyStrings(language);
  const wait = waitlistStrings(language);
  const model = bookingModel(demoCatalog);
  const oxford = demoCatalog.locations.find((l) => l.id === 'oxford-street')!;
  // Saturday 12 June 2027 and the two days after it; 09:00, 11:00 and 19:30 in London.
  const dates = dateOptions(
    ['2027-06-12', '2027-06-13', '2027-06-14'].map((date, i) => ({ date, freeSlots: i === 2 ? 0 : 3 })),
    language,
  );
  const time = (at: string, free: number): TimeAvailability => {
    const start = Date.parse(at);
    return { time: at.slice(11, 16), start, end: start + 90 * 60_000, free, staff: [] };
  };
  const times = timeOptions(
    [time('2027-06-12T08:00:00Z', 1), time('2027-06-12T10:00:00Z', 1), time('2027-06-12T18:30:00Z', 0)],
    oxford,
    language,
  );
  const slot = {
    serviceId: 'colour',
    locationId: 'oxford-street',
    staffId: 'chloe',
    start: stylistBooking.start.getTime(),
    end: stylistBooking.end.getTime(),
  };
  const summary = summaryScreen(
    demoCatalog,
    slot,
    { name: 'Amina', email: 'amina@example.com', phone: '+44 7700 900123', notes: '' },
    language,
  ).data as Record<string, unknown>;
  const when = describeWhen(demoCatalog, stylistBooking, language);
  const row = appointmentRow(demoCatalog, stylistBooking, language);
  return [
    '# Flow: APPOINTMENT',
    `title: ${t.titleAppointment}`,
    `t_intro: ${t.appointmentIntro}`,
    `labels: ${[t.service, t.person, t.location, t.date, t.time, t.continue].join(' | ')}`,
    `services: ${departmentOptions(model, language)
      .map((o) => o.title)
      .join(' | ')}`,
    `first person: ${t.anyone}`,
    `dates: ${dates.map((o) => `${o.title}${o.enabled === false ? ' (full)' : ''}`).join(' | ')}`,
    `times: ${times.map((o) => `${o.title}${o.enabled === false ? ' (full)' : ''}`).join(' | ')}`,
    `before a choice: ${[t.chooseServiceFirst, t.chooseLocationFirst, t.chooseDateFirst].join(' | ')}`,
    `nothing free: ${[t.noLocations, t.noDates, t.noTimes].join(' | ')}`,
    '# Flow: DETAILS',
    ...strings(
      detailsScreen(language, { department: '', location: '', date: '', time: '' }).data as Record<string, unknown>,
    ),
    '# Flow: SUMMARY',
    ...strings(summary).filter((line) => !line.startsWith('t_terms_body')),
    `appointment: ${summary.appointment}`,
    `details: ${summary.details}`,
    '# Flow: TERMS',
    ...strings(termsScreen(language).data as Record<string, unknown>),
    '# Flow: snackbar',
    t.errorUnknownOption,
    t.errorIncomplete,
    t.errorSlotTaken,
    t.errorSlotLost,
    t.errorName,
    t.errorEmail,
    t.errorPhone,
    t.errorTerms,
    t.errorRetry,
    fill(t.errorBookingLimit, { limit: formatNumber(3, language) }),
    t.sessionEnded,
    '# Chat',
    `flow message: ${chat.flowBody} [${chat.flowCta}]`,
    `menu: ${menu.menuBody} [${menu.menuButton}] ${[menu.menuBook, menu.menuMine, menu.menuReschedule, wait.listButton, menu.menuLanguage, menu.menuHuman].join(' | ')}`,
    `pointer: ${menu.pointer}`,
    `language list: ${menu.languageBody} [${menu.languageButton}]`,
    `language chosen: ${chosenText(language)}`,
    `my appointments: ${chat.listBody} [${chat.listButton}]`,
    `row: ${row.title} / ${row.description}`,
    `none: ${chat.noBookings}`,
    `question: ${fill(chat.cancelPrompt, { when })} [${chat.rescheduleIt}] [${chat.cancelIt}] [${chat.keepIt}]`,
    `cancel?: ${fill(chat.cancelQuestion, { when })}`,
    `cancelled: ${fill(chat.cancelled, { when })}`,
    `kept: ${fill(chat.kept, { when })}`,
    `not cancellable: ${chat.notCancellable}`,
    `confirmed (as text): ${bookingMessage('appointment_confirmation', NO_TEMPLATES, demoCatalog, stylistBooking, language, undefined).text}`,
    `cancelled (as text): ${bookingMessage('appointment_cancelled', NO_TEMPLATES, demoCatalog, stylistBooking, language, undefined).text}`,
    `no name: ${greetingName({ ...departmentBooking, name: null }, language)}`,
    `reschedule: ${menu.rescheduleBody} [${menu.rescheduleButton}]`,
    `talk to us: ${menu.handoffOpened} [${menu.handoffBack}] / ${menu.handoffClosed}`,
    `paused: ${chat.flowPaused} ${fill(chat.bookByPhone, { phone: '+44 20 7946 0000' })} ${chat.tryLater}`,
    '# Waitlist',
    `link: ${t.waitlistLink}`,
    `joined: ${fill(wait.joined, { service: 'S', location: 'L', dates: 'D' })}`,
    `offer: ${fill(wait.offerBody, { service: 'S', location: 'L', when, until: '10:45' })} [${wait.take}] [${wait.pass}]`,
    `passed: ${wait.passed}`,
    `gone: ${wait.offerGone}`,
    `my waitlist: ${wait.listBody} [${wait.listButton}]`,
    `none: ${fill(wait.none, { link: t.waitlistLink })}`,
    `leave?: ${fill(wait.leaveAsk, { service: 'S', location: 'L' })} [${wait.leave}] [${wait.keep}]`,
    `left: ${fill(wait.left, { service: 'S', location: 'L' })}`,
    `kept: ${wait.kept}`,
    '# Reminder replies',
    `confirmed: ${fill(replies.thanks, { when })}`,
    `reschedule: ${fill(replies.rescheduleBody, { when })} [${replies.rescheduleCta}]`,
    `unavailable: ${replies.unavailable}`,
    '',
  ].join('\n');
}
