import { bookingModel } from '../catalog/model.ts';
import type { Catalog } from '../catalog/schema.ts';
import { calendarAddress, hostOf } from '../catalog/hosts.ts';

/**
 * The catalog as the admin API shows it (`GET /api/catalog`): the booking model with its defaults
 * resolved, so a client needs no knowledge of the YAML file. Titles stay as written (one string or
 * one per language).
 */
export function catalogView(catalog: Catalog) {
  const model = bookingModel(catalog);
  return {
    business: { name: catalog.business.name, defaultLanguage: catalog.business.defaultLanguage },
    hasServices: model.hasServices,
    departments: catalog.departments.map((d) => ({ id: d.id, title: d.title })),
    services: model.services.map((s) => ({
      id: s.id,
      title: s.title,
      category: s.category ?? null,
      durationMinutes: s.durationMinutes,
      bufferBeforeMinutes: s.bufferBeforeMinutes,
      bufferAfterMinutes: s.bufferAfterMinutes,
      price: s.price
        ? { amount: s.price.amount, currency: s.price.currency, amount1000: Math.round(s.price.amount * 1000) }
        : null,
      rules: s.rules,
      locations: model.locationsFor(s.id).map((l) => l.id),
      staff: model.staffFor(s.id).map((m) => m.id),
    })),
    staff: model.staff.map((m) => ({
      id: m.id,
      name: m.name,
      kind: m.kind,
      services: m.services,
      locations: Object.keys(m.hours),
      hours: m.hours,
      timeOff: m.timeOff,
      dailyCapacity: m.dailyCapacity ?? null,
      // Where the member's own calendar is read from: its kind and host only (the address may be a secret).
      calendar: m.calendar ? (({ kind, url }) => ({ kind, host: hostOf(url) }))(calendarAddress(m.calendar)) : null,
    })),
    locations: catalog.locations.map((l) => ({
      id: l.id,
      title: l.title,
      address: l.address,
      timeZone: l.timeZone,
      units: l.capacity,
      hours: l.hours,
      closures: l.closures,
      specialDays: l.specialDays,
    })),
    rules: catalog.booking,
  };
}
