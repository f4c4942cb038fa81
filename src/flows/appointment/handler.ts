import { localDate } from '../../time.ts';
import type { Catalog, Location } from '../../catalog/schema.ts';
import type { FlowRequest, ScreenResponse } from '../protocol.ts';
import type { AvailabilityPort, BookingPort, HeldSlot } from '../ports.ts';
import { flowStrings } from '../strings.ts';
import type { FlowSession } from '../token.ts';
import {
  appointmentScreen,
  dateOptions,
  departmentOptions,
  detailsScreen,
  locationOptions,
  summaryScreen,
  timeOptions,
  type AppointmentView,
} from './screens.ts';
import { readDetails } from './details.ts';

/** Everything a screen needs, passed in: no I/O beyond the two ports. */
export interface FlowContext {
  readonly catalog: Catalog;
  readonly availability: AvailabilityPort;
  readonly bookings: BookingPort;
  readonly session: FlowSession;
  /** The full token string, echoed back in the completion's params. */
  readonly flowToken: string;
  readonly now: number;
}

type Choice = { department?: string; location?: string; date?: string; time?: string };

/**
 * The appointment Flow (docs/protocol.md §3): answers INIT, BACK and data_exchange with the next screen.
 * Bad or stale input never throws: it returns the right screen with an `error_message`.
 */
export async function handleAppointmentFlow(request: FlowRequest, ctx: FlowContext): Promise<ScreenResponse> {
  const data = request.data ?? {};
  if (request.action === 'INIT') return appointment(ctx, {});
  if (request.action === 'BACK') return back(request.screen, ctx);
  switch (request.screen) {
    case 'APPOINTMENT':
      return onAppointment(data, ctx);
    case 'DETAILS':
      return onDetails(data, ctx);
    case 'SUMMARY':
      return onSummary(data, ctx);
    default:
      return appointment(ctx, {}, flowStrings(ctx.session.language).errorRetry);
  }
}

async function back(screen: string | undefined, ctx: FlowContext): Promise<ScreenResponse> {
  // `screen` is the screen being left; answer the one before it with fresh data.
  if (screen === 'SUMMARY') return detailsScreen(ctx.session.language);
  const hold = screen === 'DETAILS' ? await ctx.bookings.currentHold(ctx.session, ctx.now) : undefined;
  if (!hold) return appointment(ctx, {});
  const location = ctx.catalog.locations.find((l) => l.id === hold.locationId);
  const date = location ? localDate(location.timeZone, hold.start) : undefined;
  return appointment(ctx, { department: hold.departmentId, location: hold.locationId, date });
}

async function onAppointment(data: Record<string, unknown>, ctx: FlowContext): Promise<ScreenResponse> {
  const choice: Choice = {
    department: str(data.department),
    location: str(data.location),
    date: str(data.date),
    time: str(data.time),
  };
  switch (data.trigger) {
    case 'department_selected':
      return appointment(ctx, { department: choice.department });
    case 'location_selected':
      return appointment(ctx, { department: choice.department, location: choice.location });
    case 'date_selected':
      return appointment(ctx, { department: choice.department, location: choice.location, date: choice.date });
    case 'continue':
    case undefined:
      return onContinue(choice, ctx);
    default:
      return appointment(ctx, {}, flowStrings(ctx.session.language).errorUnknownOption);
  }
}

/** Continue: the four choices must name a free slot; a hold on one unit keeps it for this session. */
async function onContinue(choice: Choice, ctx: FlowContext): Promise<ScreenResponse> {
  const t = flowStrings(ctx.session.language);
  if (!choice.department || !choice.location || !choice.date || !choice.time) {
    return appointment(ctx, choice, t.errorIncomplete);
  }
  const location = offering(ctx.catalog, choice.department, choice.location);
  const times = location ? await ctx.availability.times(location.id, choice.department, choice.date, ctx.now) : [];
  const slot = times.find((s) => s.time === choice.time);
  if (!location || !slot) return appointment(ctx, choice, t.errorUnknownOption);
  if (slot.free === 0) return appointment(ctx, choice, t.errorSlotTaken);
  const held: HeldSlot = { locationId: location.id, departmentId: choice.department, start: slot.start, end: slot.end };
  try {
    await ctx.bookings.placeHold({ session: ctx.session, slot: held, now: ctx.now });
  } catch (error) {
    if (isSlotTaken(error)) return appointment(ctx, choice, t.errorSlotTaken);
    throw error;
  }
  return detailsScreen(ctx.session.language);
}

async function onDetails(data: Record<string, unknown>, ctx: FlowContext): Promise<ScreenResponse> {
  const t = flowStrings(ctx.session.language);
  const details = readDetails(data, t);
  if (!details.ok) return detailsScreen(ctx.session.language, details.error);
  const hold = await ctx.bookings.currentHold(ctx.session, ctx.now);
  if (!hold) return detailsScreen(ctx.session.language, t.errorSlotLost);
  return summaryScreen(ctx.catalog, hold, details.value, ctx.session.language);
}

/** Confirm: hold → booking, atomically and idempotently; a lost slot keeps the customer on SUMMARY. */
async function onSummary(data: Record<string, unknown>, ctx: FlowContext): Promise<ScreenResponse> {
  const t = flowStrings(ctx.session.language);
  const details = readDetails(data, t);
  const hold = await ctx.bookings.currentHold(ctx.session, ctx.now);
  if (!hold) return detailsScreen(ctx.session.language, t.errorSlotLost);
  if (!details.ok) {
    // The client echoes SUMMARY's own data back; a bad value here means a tampered or stale screen.
    return summaryScreen(ctx.catalog, hold, echoed(data), ctx.session.language, details.error);
  }
  if (data.terms !== true && data.terms !== 'true') {
    return summaryScreen(ctx.catalog, hold, details.value, ctx.session.language, t.errorTerms);
  }
  try {
    const booking = await ctx.bookings.confirm({ session: ctx.session, details: details.value, now: ctx.now });
    return {
      screen: 'SUCCESS',
      data: { extension_message_response: { params: { flow_token: ctx.flowToken, booking_id: booking.bookingId } } },
    };
  } catch (error) {
    // Meta's routing model forbids a jump back to APPOINTMENT (no back-edges): the snackbar says
    // to go back, and BACK from DETAILS answers APPOINTMENT with fresh times.
    if (isSlotTaken(error))
      return summaryScreen(ctx.catalog, hold, details.value, ctx.session.language, t.errorSlotLost);
    throw error;
  }
}

/**
 * APPOINTMENT with every list the choice so far allows. A choice that is not (or no longer) in
 * its list is dropped with `errorUnknownOption`, and the lists after it are not shown.
 */
async function appointment(ctx: FlowContext, choice: Choice, errorMessage?: string): Promise<ScreenResponse> {
  const { catalog, session, now } = ctx;
  const language = session.language;
  const t = flowStrings(language);
  const view: { -readonly [K in keyof AppointmentView]: AppointmentView[K] } = {
    language,
    departments: departmentOptions(catalog, language),
    errorMessage,
  };
  if (!choice.department) return appointmentScreen(view);
  if (!view.departments.some((d) => d.id === choice.department)) {
    return appointmentScreen({ ...view, errorMessage: t.errorUnknownOption });
  }
  const department = choice.department;
  const offeringLocations = catalog.locations.filter((l) => (l.capacity[department] ?? 0) > 0);
  const datesByLocation = await Promise.all(
    offeringLocations.map((l) => ctx.availability.dates(l.id, department, now)),
  );
  const bookable = new Set(
    offeringLocations.filter((_, i) => datesByLocation[i]!.some((d) => d.freeSlots > 0)).map((l) => l.id),
  );
  view.locations = locationOptions(offeringLocations, language, bookable);
  if (!choice.location) return appointmentScreen(view);
  const index = offeringLocations.findIndex((l) => l.id === choice.location);
  const location = offeringLocations[index];
  if (!location) return appointmentScreen({ ...view, errorMessage: t.errorUnknownOption });
  const dates = datesByLocation[index]!;
  view.dates = dateOptions(dates, language);
  if (!choice.date) return appointmentScreen(view);
  if (!dates.some((d) => d.date === choice.date))
    return appointmentScreen({ ...view, errorMessage: t.errorUnknownOption });
  view.times = timeOptions(await ctx.availability.times(location.id, department, choice.date, now), location, language);
  return appointmentScreen(view);
}

function offering(catalog: Catalog, departmentId: string, locationId: string): Location | undefined {
  const location = catalog.locations.find((l) => l.id === locationId);
  return location && (location.capacity[departmentId] ?? 0) > 0 ? location : undefined;
}

function echoed(data: Record<string, unknown>) {
  return {
    name: str(data.name) ?? '',
    email: str(data.email) ?? '',
    phone: str(data.phone) ?? '',
    notes: str(data.more_details) ?? '',
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isSlotTaken(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'FB_SLOT_TAKEN';
}
