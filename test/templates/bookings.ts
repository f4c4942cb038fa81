import type { Booking } from '../../src/booking/rows.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { bookingMessage } from '../../src/messaging/render.ts';
import { reminderTemplate, rescheduledTemplate } from '../../src/reminders/message.ts';
import { registry } from './fixtures.ts';

/** The demo catalog (catalog/demo.yaml): the salon's priced services with staff, the departments without. */
export const demoCatalog = loadCatalog();

const base: Booking = {
  id: '7c0ffee0-0000-4000-8000-000000000001',
  unitId: 'kings-cross:electronics:1',
  locationId: 'kings-cross',
  departmentId: 'electronics',
  serviceId: 'electronics',
  staffId: null,
  priceAmount1000: null,
  priceCurrency: null,
  status: 'confirmed',
  // Tuesday 8 June 2027, 10:30 in London (BST).
  start: new Date('2027-06-08T09:30:00Z'),
  end: new Date('2027-06-08T10:00:00Z'),
  blockStart: new Date('2027-06-08T09:30:00Z'),
  blockEnd: new Date('2027-06-08T10:00:00Z'),
  flowToken: 'golden-token',
  customerPhone: '447700900123',
  language: null,
  name: 'Amina',
  email: null,
  phone: null,
  notes: null,
  holdExpiresAt: null,
  cancelReason: null,
  rescheduledFrom: null,
  movesBooking: null,
  phoneNumberId: null,
  rescheduleCount: 0,
  erasedAt: null,
  createdAt: new Date('2027-06-01T08:00:00Z'),
  updatedAt: new Date('2027-06-01T08:00:00Z'),
  confirmedAt: new Date('2027-06-01T08:00:00Z'),
  cancelledAt: null,
  version: 2,
  attendance: null,
  attendanceAt: null,
  source: 'whatsapp',
  bookedBy: null,
  cancelledBy: null,
};

/** A booking of a department standing as a service: no person, no price. */
export const departmentBooking: Booking = base;

/** Hair colour with Chloé at Oxford Street, £79.50 when booked: Saturday 12 June 2027, 11:00 in London. */
export const stylistBooking: Booking = {
  ...base,
  id: '7c0ffee0-0000-4000-8000-000000000002',
  unitId: 'staff:chloe',
  locationId: 'oxford-street',
  departmentId: 'beauty',
  serviceId: 'colour',
  staffId: 'chloe',
  priceAmount1000: 79_500,
  priceCurrency: 'GBP',
  start: new Date('2027-06-12T10:00:00Z'),
  end: new Date('2027-06-12T11:30:00Z'),
  blockStart: new Date('2027-06-12T09:55:00Z'),
  blockEnd: new Date('2027-06-12T11:45:00Z'),
};

/** Where a booking was before it moved: two days earlier, same place and service. */
export function previousOf(booking: Booking): Booking {
  const shift = (d: Date) => new Date(d.getTime() - 2 * 24 * 3_600_000);
  return { ...booking, start: shift(booking.start), end: shift(booking.end) };
}

export const BOOKING_CASES = { stylist: stylistBooking, department: departmentBooking } as const;
export const BOOKING_TEMPLATES = ['confirmation', 'reminder', 'rescheduled'] as const;

/** What the customer reads for one booking, through the code that sends it, and the template it went as. */
export function renderBooking(
  booking: Booking,
  which: (typeof BOOKING_TEMPLATES)[number],
  language: string,
): { name: string; text: string; template: unknown } {
  if (which === 'confirmation') {
    const m = bookingMessage('appointment_confirmation', registry, demoCatalog, booking, language, undefined);
    if (!m.template) throw new Error(`no confirmation template in ${language}`);
    return { name: m.template.name, text: m.text, template: m.template };
  }
  const built =
    which === 'reminder'
      ? reminderTemplate(registry, demoCatalog, booking, language)
      : rescheduledTemplate(registry, demoCatalog, { booking, previous: previousOf(booking) }, language);
  return { name: built.template.name, text: built.text, template: built.template };
}
