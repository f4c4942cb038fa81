import { bookingModel } from '../../catalog/model.ts';
import { BadRequestError } from '../../errors.ts';
import { localDate } from '../../time.ts';
import type { FlowRequest, ScreenResponse } from '../protocol.ts';
import { fitToScreen } from '../served-flow.ts';
import { fill, flowStrings } from '../strings.ts';
import type { FlowContext } from './context.ts';
import { readDetails } from './details.ts';
import { formatNumber } from './format.ts';
import { bookingLimit, choiceOf, holdChoice, isSlotTaken, namesChoice, type Choice, type HoldOutcome } from './hold.ts';
import {
  appointmentScreen,
  choiceIdsOf,
  dateOptions,
  departmentOptions,
  detailsScreen,
  locationOptions,
  NO_CHOICE,
  shownStaff,
  staffOptions,
  termsScreen,
  timeOptions,
  type AppointmentView,
  type ChoiceIds,
} from './screens.ts';
import { summaryScreen } from './summary.ts';

/**
 * The appointment Flow (docs/protocol.md §3) for both Flow JSONs flowbook serves: its own, whose
 * Continue asks the endpoint to hold the slot, and Meta's Builder template, whose Continue only
 * navigates, so the hold is placed when DETAILS (or SUMMARY) names the slot. Every answer is a screen
 * the routing model allows from the request's screen (§2.4), fitted to what the served Flow declares.
 * Bad or stale input never throws: it returns the right screen with an `error_message`; a request no
 * screen can answer (an unknown screen, BACK from the first screen) is a BadRequestError.
 */
export async function handleAppointmentFlow(request: FlowRequest, ctx: FlowContext): Promise<ScreenResponse> {
  return fitToScreen(ctx.flow, await route(request, ctx));
}

async function route(request: FlowRequest, ctx: FlowContext): Promise<ScreenResponse> {
  const data = request.data ?? {};
  if (request.action === 'INIT') return appointment(ctx, await prefill(ctx));
  if (request.action === 'BACK') return back(request.screen, ctx);
  switch (request.screen) {
    case 'APPOINTMENT':
      return onAppointment(data, ctx);
    case 'DETAILS':
      return onDetails(data, ctx);
    case 'SUMMARY':
      return onSummary(data, ctx);
    case 'TERMS':
      // No action on TERMS asks the endpoint; the only legal answer is TERMS itself.
      return termsScreen(ctx.session.language);
    default:
      throw new BadRequestError('data_exchange from a screen the appointment Flow does not have');
  }
}

/**
 * BACK names the screen being left; the answer is the screen before it in the routing model, with
 * fresh data (docs/protocol.md §2.3). APPOINTMENT has none before it, and TERMS' SUMMARY cannot be
 * rebuilt without the details it showed; neither declares `refresh_on_back`, so no client asks.
 */
async function back(screen: string | undefined, ctx: FlowContext): Promise<ScreenResponse> {
  if (screen !== 'SUMMARY' && screen !== 'DETAILS')
    throw new BadRequestError('BACK from a screen without refresh_on_back');
  const hold = await ctx.bookings.currentHold(ctx.session, ctx.now);
  if (screen === 'SUMMARY') {
    return detailsScreen(ctx.session.language, hold ? choiceIdsOf(ctx.catalog, hold) : NO_CHOICE);
  }
  if (!hold) return appointment(ctx, {});
  const location = ctx.catalog.locations.find((l) => l.id === hold.locationId);
  const date = location ? localDate(location.timeZone, hold.start) : undefined;
  const staff = shownStaff(bookingModel(ctx.catalog), hold.serviceId, hold.staffId);
  return appointment(ctx, { department: hold.serviceId, staff, location: hold.locationId, date });
}

/**
 * What INIT shows as chosen: for a rescheduling session, the service, person, location and date of
 * the booking it moves, when the served Flow can show preselected inputs (it declares
 * `selected_department`: flowbook's Flow does, Meta's Builder template has no `init-value` and gets
 * the usual empty first screen, where the customer chooses again). The person is the one the booking
 * was assigned, when the person Dropdown lists them.
 */
async function prefill(ctx: FlowContext): Promise<Choice> {
  if (!ctx.session.rescheduleOf || !ctx.flow.declared.get('APPOINTMENT')?.has('selected_department')) return {};
  const current = await ctx.bookings.bookingToMove(ctx.session);
  if (!current) return {};
  const model = bookingModel(ctx.catalog);
  const staff = shownStaff(model, current.serviceId, current.staffId);
  const location = model.locationsFor(current.serviceId, staff).find((l) => l.id === current.locationId);
  if (!location) return {};
  const date = localDate(location.timeZone, current.start);
  // A date no longer offered (the booking is today, inside the minimum notice) is not preselected.
  const dates = await ctx.availability.dates(
    { serviceId: current.serviceId, locationId: location.id, staffId: staff },
    ctx.now,
    ctx.session.rescheduleOf,
  );
  const offered = dates.some((d) => d.date === date && d.freeSlots > 0);
  return { department: current.serviceId, staff, location: location.id, date: offered ? date : undefined };
}

async function onAppointment(data: Record<string, unknown>, ctx: FlowContext): Promise<ScreenResponse> {
  const choice = choiceOf(data);
  const { department, staff, location, date } = choice;
  switch (data.trigger) {
    // flowbook's Flow says service_selected; Meta's template, department_selected (and has no person).
    case 'service_selected':
    case 'department_selected':
      return appointment(ctx, { department });
    case 'staff_selected':
      return appointment(ctx, { department, staff });
    case 'location_selected':
      return appointment(ctx, { department, staff, location });
    case 'date_selected':
      return appointment(ctx, { department, staff, location, date });
    case 'continue':
    case undefined:
      return onContinue(choice, ctx);
    case 'waitlist':
      return onWaitlist(choice, ctx);
    default:
      return appointment(ctx, {}, flowStrings(ctx.session.language).errorUnknownOption);
  }
}

/** Continue (flowbook's Flow): the choices must name a free slot; a hold on one unit (or person) keeps it. */
async function onContinue(choice: Choice, ctx: FlowContext): Promise<ScreenResponse> {
  const language = ctx.session.language;
  const t = flowStrings(language);
  const held = await holdChoice(choice, ctx, { renew: true });
  if (held.ok) return detailsScreen(language, choiceIdsOf(ctx.catalog, held.slot));
  const message =
    held.reason === 'limit'
      ? limitMessage(held.limit, language)
      : { incomplete: t.errorIncomplete, unknown: t.errorUnknownOption, taken: t.errorSlotTaken }[held.reason];
  return appointment(ctx, choice, message);
}

/**
 * "Join the waitlist": the service and location chosen (a person too, when one was), waited for from the date
 * chosen, else from today. The Flow closes; the completion's params name the entry, and the chat says what the
 * customer waits for (src/waitlist/chat.ts). A choice the lists no longer offer answers APPOINTMENT again.
 */
async function onWaitlist(choice: Choice, ctx: FlowContext): Promise<ScreenResponse> {
  const t = flowStrings(ctx.session.language);
  const { department, staff, location } = choice;
  if (!ctx.waitlist || ctx.session.rescheduleOf) return appointment(ctx, choice, t.errorUnknownOption);
  if (!department || !location) return appointment(ctx, choice, t.errorIncomplete);
  const model = bookingModel(ctx.catalog);
  const place = model.locationsFor(department, staff).find((l) => l.id === location);
  if (!place) return appointment(ctx, {}, t.errorUnknownOption);
  const today = localDate(place.timeZone, ctx.now);
  const fromDate = choice.date && choice.date > today ? choice.date : today;
  const { entryId } = await ctx.waitlist.join({
    session: ctx.session,
    serviceId: department,
    locationId: location,
    staffId: staff,
    fromDate,
    now: ctx.now,
  });
  return {
    screen: 'SUCCESS',
    data: { extension_message_response: { params: { flow_token: ctx.flowToken, waitlist_entry: entryId } } },
  };
}

/**
 * DETAILS' Done. Meta's template sends the four choices with the form: they are held here (or the
 * hold moved, when the customer went back and chose again). flowbook's Flow sends only the form: its
 * hold was placed on Continue. A slot that is gone keeps the customer on DETAILS (no back-edge to
 * APPOINTMENT exists) with the reason; going back there shows other times.
 */
async function onDetails(data: Record<string, unknown>, ctx: FlowContext): Promise<ScreenResponse> {
  const language = ctx.session.language;
  const t = flowStrings(language);
  const choice = choiceOf(data);
  const held = await sessionSlot(choice, ctx, { renew: true });
  if (!held.ok) return detailsScreen(language, idsOf(choice), refusal(held, language));
  const ids = choiceIdsOf(ctx.catalog, held.slot);
  const details = readDetails(data, t);
  if (!details.ok) return detailsScreen(language, ids, details.error);
  return summaryScreen(ctx.catalog, held.slot, details.value, language);
}

/**
 * Confirm: hold → booking, atomically and idempotently. Every failure answers SUMMARY itself, the
 * only screen the routing model allows from it besides TERMS: the snackbar says why and what to do.
 */
async function onSummary(data: Record<string, unknown>, ctx: FlowContext): Promise<ScreenResponse> {
  const language = ctx.session.language;
  const t = flowStrings(language);
  const choice = choiceOf(data);
  const details = readDetails(data, t);
  const shown = details.ok ? details.value : echoed(data);
  const held = await sessionSlot(choice, ctx, { renew: false });
  if (!held.ok) {
    return summaryScreen(ctx.catalog, held.slot ?? idsOf(choice), shown, language, refusal(held, language));
  }
  // The client echoes SUMMARY's own data back; a bad value here means a tampered or stale screen.
  if (!details.ok) return summaryScreen(ctx.catalog, held.slot, shown, language, details.error);
  // Meta's template sends no `terms`: its OptIn is required, so the client does not submit without it.
  if ('terms' in data && data.terms !== true && data.terms !== 'true') {
    return summaryScreen(ctx.catalog, held.slot, details.value, language, t.errorTerms);
  }
  try {
    const booking = await ctx.bookings.confirm({ session: ctx.session, details: details.value, now: ctx.now });
    return {
      screen: 'SUCCESS',
      data: { extension_message_response: { params: { flow_token: ctx.flowToken, booking_id: booking.bookingId } } },
    };
  } catch (error) {
    // The hold had expired and someone else took the time. Going back twice (DETAILS and SUMMARY
    // refresh on back in flowbook's Flow) shows APPOINTMENT with fresh times.
    if (isSlotTaken(error)) return summaryScreen(ctx.catalog, held.slot, details.value, language, t.errorSlotLost);
    // Another booking was confirmed meanwhile (another Flow of the same customer): the limit is checked again.
    const limit = bookingLimit(error);
    if (limit !== undefined) {
      return summaryScreen(ctx.catalog, held.slot, details.value, language, limitMessage(limit, language));
    }
    throw error;
  }
}

/** The slot a DETAILS or SUMMARY request is about: the one it names (Meta's template), else the session's hold. */
async function sessionSlot(choice: Choice, ctx: FlowContext, options: { renew: boolean }): Promise<HoldOutcome> {
  if (namesChoice(choice)) return holdChoice(choice, ctx, options);
  const hold = await ctx.bookings.currentHold(ctx.session, ctx.now);
  return hold ? { ok: true, slot: hold } : { ok: false, reason: 'taken' };
}

/** After APPOINTMENT, every refusal but the limit sends the customer back there: "go back and choose another time". */
function refusal(outcome: Extract<HoldOutcome, { ok: false }>, language: string): string {
  const t = flowStrings(language);
  if (outcome.reason === 'limit') return limitMessage(outcome.limit, language);
  return outcome.reason === 'incomplete' ? t.errorIncomplete : t.errorSlotLost;
}

/** "You already have the most upcoming appointments allowed (1)…", the number in the customer's digits. */
function limitMessage(limit: number | undefined, language: string): string {
  return fill(flowStrings(language).errorBookingLimit, { limit: formatNumber(limit ?? 0, language) });
}

function idsOf(choice: Choice): ChoiceIds {
  return {
    department: choice.department ?? '',
    location: choice.location ?? '',
    date: choice.date ?? '',
    time: choice.time ?? '',
  };
}

/**
 * APPOINTMENT with every list the choice so far allows: service, person, location, date, time. A
 * choice that is not (or no longer) in its list is dropped with `errorUnknownOption`, and the lists
 * after it are not shown.
 */
async function appointment(ctx: FlowContext, choice: Choice, errorMessage?: string): Promise<ScreenResponse> {
  const { catalog, session, now } = ctx;
  const language = session.language;
  const t = flowStrings(language);
  const model = bookingModel(catalog);
  const view: { -readonly [K in keyof AppointmentView]: AppointmentView[K] } = {
    language,
    today: localDate(catalog.locations[0]?.timeZone ?? 'UTC', now),
    departments: departmentOptions(model, language),
    errorMessage,
  };
  if (!choice.department) return appointmentScreen(view);
  if (!view.departments.some((d) => d.id === choice.department)) {
    return appointmentScreen({ ...view, errorMessage: t.errorUnknownOption });
  }
  const department = choice.department;
  view.staff = staffOptions(model, department, language);
  view.selected = { department };
  const staffId = choice.staff;
  if (staffId !== undefined && !model.staffFor(department).some((m) => m.id === staffId)) {
    return appointmentScreen({ ...view, errorMessage: t.errorUnknownOption });
  }
  const wanted = { serviceId: department, staffId };
  const offeringLocations = model.locationsFor(department, staffId);
  const datesByLocation = await Promise.all(
    offeringLocations.map((l) => ctx.availability.dates({ ...wanted, locationId: l.id }, now, session.rescheduleOf)),
  );
  const bookable = new Set(
    offeringLocations.filter((_, i) => datesByLocation[i]!.some((d) => d.freeSlots > 0)).map((l) => l.id),
  );
  // With a waitlist, a fully booked location stays selectable: that is where "Join the waitlist" is wanted.
  const canWait = ctx.waitlist !== undefined && !session.rescheduleOf;
  view.locations = locationOptions(
    offeringLocations,
    language,
    canWait ? new Set(offeringLocations.map((l) => l.id)) : bookable,
  );
  view.selected = { department, staff: staffId };
  if (!choice.location) return appointmentScreen(view);
  const index = offeringLocations.findIndex((l) => l.id === choice.location);
  const location = offeringLocations[index];
  if (!location) return appointmentScreen({ ...view, errorMessage: t.errorUnknownOption });
  const dates = datesByLocation[index]!;
  view.dates = dateOptions(dates, language);
  view.selected = { department, staff: staffId, location: location.id };
  view.canWait = canWait;
  if (!choice.date) return appointmentScreen(view);
  if (!dates.some((d) => d.date === choice.date))
    return appointmentScreen({ ...view, errorMessage: t.errorUnknownOption });
  const times = await ctx.availability.times(
    { ...wanted, locationId: location.id },
    choice.date,
    now,
    session.rescheduleOf,
  );
  view.times = timeOptions(times, location, language);
  view.selected = { department, staff: staffId, location: location.id, date: choice.date };
  return appointmentScreen(view);
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
