import { useEffect, useRef, useState } from 'preact/hooks';
import { ConsoleApiError, type BookingView, type CatalogView, type Note } from './api.ts';
import { routeHash, serviceTitleOf, useScope, type Route } from './context.ts';
import { FreeTimePicker } from './free-times.tsx';
import { localDate, longWhen } from './time.ts';

type Location = CatalogView['locations'][number];

/** What went wrong, for a person: a change made meanwhile, or the server's own message after a lead. */
export function problemText(t: ReturnType<typeof useScope>['t'], error: unknown): string {
  if (error instanceof ConsoleApiError && error.status === 409) return t.changedMeanwhile;
  return `${t.failed} ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * One booking and what the front desk does with it: mark attendance, cancel with a reason (the
 * customer is told), move it to a free time (the customer is told, reminders move), and notes.
 */
export function BookingPanel(props: {
  booking: BookingView;
  location: Location;
  route: Extract<Route, { view: 'day' | 'week' }>;
}) {
  const scope = useScope();
  const { t, api, changes, catalog } = scope;
  const zone = props.location.timeZone;
  const [booking, setBooking] = useState(props.booking);
  const [notes, setNotes] = useState<Note[]>([]);
  const [open, setOpen] = useState<'cancel' | 'move' | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setBooking(props.booking);
    setOpen(undefined);
    setProblem(undefined);
    heading.current?.focus();
  }, [props.booking.id]);
  useEffect(() => {
    let current = true;
    void api
      .get<{ booking: BookingView; notes: Note[] }>(`/api/bookings/${props.booking.id}`)
      .then((r) => {
        if (!current) return;
        setBooking(r.booking);
        setNotes(r.notes);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [props.booking.id, changes]);
  const act = async (run: () => Promise<{ booking: BookingView }>) => {
    setProblem(undefined);
    try {
      setBooking((await run()).booking);
      setOpen(undefined);
    } catch (error) {
      setProblem(problemText(t, error));
      const fresh = await api.get<{ booking: BookingView }>(`/api/bookings/${booking.id}`).catch(() => undefined);
      if (fresh) setBooking(fresh.booking);
    }
  };
  const staff = catalog.staff.find((m) => m.id === booking.staffId);
  const upcoming = booking.status === 'confirmed' && Date.parse(booking.start) > Date.now();
  const started = Date.parse(booking.start) <= Date.now();
  const mayArrive = Date.parse(booking.start) - Date.now() <= 3_600_000;
  const attend = (attendance: BookingView['attendance']) =>
    act(() =>
      api.post<{ booking: BookingView }>(`/api/bookings/${booking.id}/attendance`, {
        attendance,
        version: booking.version,
      }),
    );
  const closeHref = routeHash({ ...props.route, booking: undefined });
  return (
    <aside class="panel" data-testid="booking-details" aria-labelledby="panel-title">
      <div class="panel-head">
        <h2 id="panel-title" tabIndex={-1} ref={heading}>
          {booking.name ?? '—'}
        </h2>
        <a class="button" href={closeHref} data-testid="panel-close">
          {t.close}
        </a>
      </div>
      <p class={`badge ${booking.attendance ?? booking.status}`} data-testid="booking-status">
        {t.status[booking.status]}
        {booking.attendance ? ` · ${t.attendance[booking.attendance]}` : ''}
      </p>
      <dl class="facts">
        <dt>{t.when}</dt>
        <dd data-testid="booking-when">{longWhen(booking.start, zone, t.locale)}</dd>
        <dt>{t.service}</dt>
        <dd>{serviceTitleOf(scope, booking)}</dd>
        {staff ? (
          <>
            <dt>{t.staff}</dt>
            <dd>{staff.name}</dd>
          </>
        ) : null}
        <dt>{t.location}</dt>
        <dd>{scope.title(props.location.title)}</dd>
        {booking.customerPhone ? (
          <>
            <dt>{t.whatsapp}</dt>
            <dd dir="ltr">
              {/^\d+$/.test(booking.customerPhone) ? `+${booking.customerPhone}` : booking.customerPhone}
            </dd>
          </>
        ) : null}
        {booking.email ? (
          <>
            <dt>{t.email}</dt>
            <dd dir="ltr">{booking.email}</dd>
          </>
        ) : null}
        {booking.phone && booking.phone.replace(/\D/g, '') !== booking.customerPhone ? (
          <>
            <dt>{t.typedPhone}</dt>
            <dd dir="ltr">{booking.phone}</dd>
          </>
        ) : null}
        {booking.notes ? (
          <>
            <dt>{t.customerNotes}</dt>
            <dd>{booking.notes}</dd>
          </>
        ) : null}
        <dt>{t.source}</dt>
        <dd>
          {t.sources[booking.source]}
          {booking.bookedBy ? ` · ${booking.bookedBy}` : ''}
          {booking.rescheduleCount > 0 ? ` · ${t.moved(booking.rescheduleCount)}` : ''}
        </dd>
        {booking.status === 'cancelled' ? (
          <>
            <dt>{t.reason}</dt>
            <dd data-testid="cancel-reason">
              {booking.cancelReason ?? '—'}
              {booking.cancelledBy ? ` · ${t.cancelledBy} ${booking.cancelledBy}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {problem ? (
        <p role="alert" class="error" data-testid="panel-problem">
          {problem}
        </p>
      ) : null}
      {booking.status === 'confirmed' ? (
        <div class="actions">
          {booking.attendance === null ? (
            <>
              <button type="button" disabled={!mayArrive} onClick={() => attend('arrived')} data-testid="mark-arrived">
                {t.markArrived}
              </button>
              <button
                type="button"
                disabled={!started}
                onClick={() => attend('completed')}
                data-testid="mark-completed"
              >
                {t.markCompleted}
              </button>
              <button type="button" disabled={!started} onClick={() => attend('no_show')} data-testid="mark-no_show">
                {t.markNoShow}
              </button>
            </>
          ) : (
            <>
              {booking.attendance === 'arrived' ? (
                <button type="button" onClick={() => attend('completed')} data-testid="mark-completed">
                  {t.markCompleted}
                </button>
              ) : null}
              <button type="button" onClick={() => attend(null)} data-testid="mark-undo">
                {t.undoMark}
              </button>
            </>
          )}
          {upcoming ? (
            <>
              <button
                type="button"
                aria-expanded={open === 'move'}
                onClick={() => setOpen(open === 'move' ? undefined : 'move')}
                data-testid="open-reschedule"
              >
                {t.reschedule}
              </button>
              <button
                type="button"
                class="danger"
                aria-expanded={open === 'cancel'}
                onClick={() => setOpen(open === 'cancel' ? undefined : 'cancel')}
                data-testid="open-cancel"
              >
                {t.cancelBooking}
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {open === 'cancel' ? (
        <form
          class="subform"
          data-testid="cancel-form"
          onSubmit={(e) => {
            e.preventDefault();
            const reason = (e.currentTarget.elements.namedItem('reason') as HTMLTextAreaElement).value;
            void act(() =>
              api.post<{ booking: BookingView }>(`/api/bookings/${booking.id}/cancel`, {
                reason,
                version: booking.version,
              }),
            );
          }}
        >
          <label>
            {t.cancelReason}
            <textarea name="reason" maxLength={500} rows={2} data-testid="cancel-reason-input" />
          </label>
          <p class="hint">{t.cancelHint}</p>
          <button type="submit" class="danger" data-testid="confirm-cancel">
            {t.confirmCancel}
          </button>
        </form>
      ) : null}
      {open === 'move' ? (
        <MoveForm
          booking={booking}
          zone={zone}
          onMove={(date, time) =>
            act(() =>
              api.post<{ booking: BookingView }>(`/api/bookings/${booking.id}/reschedule`, {
                date,
                time,
                ...(booking.staffId ? { staff: booking.staffId } : {}),
                version: booking.version,
              }),
            )
          }
        />
      ) : null}
      <section class="notes" aria-labelledby="notes-title">
        <h3 id="notes-title">{t.notes}</h3>
        {notes.length === 0 ? <p class="hint">{t.noNotes}</p> : null}
        <ul data-testid="notes">
          {notes.map((n) => (
            <li>
              <span class="note-meta">
                {n.author} · {longWhen(n.at, zone, t.locale)}
              </span>
              <span class="note-body">{n.body}</span>
            </li>
          ))}
        </ul>
        <form
          class="subform"
          onSubmit={async (e) => {
            e.preventDefault();
            const input = e.currentTarget.elements.namedItem('note') as HTMLTextAreaElement;
            try {
              const { note } = await api.post<{ note: Note }>(`/api/bookings/${booking.id}/notes`, {
                body: input.value,
              });
              setNotes((list) => [...list, note]);
              input.value = '';
              setProblem(undefined);
            } catch (error) {
              setProblem(problemText(t, error));
            }
          }}
        >
          <label>
            {t.addNote}
            <textarea name="note" required maxLength={2000} rows={2} data-testid="note-input" />
          </label>
          <button type="submit" data-testid="add-note">
            {t.addNote}
          </button>
        </form>
      </section>
      {booking.customerPhone ? (
        <p>
          <a href={routeHash({ view: 'customers', customer: booking.customerPhone })} data-testid="customer-link">
            {t.customerHistory}
          </a>
        </p>
      ) : null}
    </aside>
  );
}

function MoveForm(props: { booking: BookingView; zone: string; onMove: (date: string, time: string) => void }) {
  const { t } = useScope();
  const [date, setDate] = useState(localDate(props.booking.start, props.zone));
  const [time, setTime] = useState<string | undefined>();
  return (
    <form
      class="subform"
      data-testid="reschedule-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (time) props.onMove(date, time);
      }}
    >
      <FreeTimePicker
        service={props.booking.serviceId}
        location={props.booking.locationId}
        staff={props.booking.staffId ?? undefined}
        date={date}
        onDate={setDate}
        zone={props.zone}
        value={time}
        onChange={setTime}
        testId="reschedule"
      />
      <p class="hint">{t.rescheduleHint}</p>
      <button type="submit" class="primary" disabled={!time} data-testid="confirm-reschedule">
        {t.confirmMove}
      </button>
    </form>
  );
}
