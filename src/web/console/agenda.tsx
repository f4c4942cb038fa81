import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { BookingView, CatalogView } from './api.ts';
import { BookingPanel } from './booking.tsx';
import { serviceTitleOf, useScope, type Route } from './context.ts';
import {
  addDays,
  dayTitle,
  localDate,
  localRange,
  localTime,
  minutesInto,
  todayAt,
  toMinutes,
  weekdayKey,
  weekStart,
  zoneLabel,
} from './time.ts';

type Location = CatalogView['locations'][number];
type AgendaRoute = Extract<Route, { view: 'day' | 'week' }>;

/** Pixels per minute of the day grid: a 30-minute appointment is 36 px tall. */
const PX_PER_MINUTE = 1.2;

/**
 * The agenda of one location by day (a column per staff member, one for the desk's anonymous units) or
 * by week, in the location's time zone, refetched whenever the live feed reports a change.
 */
export function AgendaView(props: { route: AgendaRoute; locations: Location[] }) {
  const scope = useScope();
  const { t, api, changes, go, title } = scope;
  const serviceTitle = (b: BookingView) => serviceTitleOf(scope, b);
  const { route } = props;
  const here = props.locations.find((l) => l.id === route.location)!;
  const zone = here.timeZone;
  const first = route.view === 'week' ? weekStart(route.date) : route.date;
  const days = route.view === 'week' ? 7 : 1;
  const [bookings, setBookings] = useState<BookingView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    const { from, to } = localRange(first, days, zone);
    const query = new URLSearchParams({ from, to, location: here.id, limit: '5000' });
    api
      .get<{ bookings: BookingView[] }>(`/api/bookings?${query}`)
      .then((r) => {
        if (!current) return;
        performance.mark('console-data');
        setBookings(r.bookings.filter((b) => b.status !== 'expired'));
        setError(undefined);
      })
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [here.id, first, days, changes]);
  // How long the agenda took from its data to the screen (bench/console.ts reads it).
  useLayoutEffect(() => {
    if (bookings === undefined) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (performance.getEntriesByName('console-data', 'mark').length === 0) return;
        performance.measure('console-render', 'console-data');
        performance.clearMarks('console-data');
      }),
    );
  }, [bookings]);

  const step = (n: number) => go({ ...route, date: addDays(route.date, n * days), booking: undefined });
  const selected = route.booking ? bookings?.find((b) => b.id === route.booking) : undefined;
  const confirmed = (bookings ?? []).filter((b) => b.status === 'confirmed');
  const holds = (bookings ?? []).filter((b) => b.status === 'held');
  const cancelled = (bookings ?? []).filter((b) => b.status === 'cancelled');
  return (
    <div class={`agenda-layout ${selected ? 'with-panel' : ''}`}>
      <section class="agenda" aria-labelledby="agenda-title">
        <div class="agenda-tools">
          <label>
            {t.location}{' '}
            <select
              data-testid="agenda-location"
              value={here.id}
              onChange={(e) => {
                const next = props.locations.find((l) => l.id === e.currentTarget.value)!;
                go({ view: route.view, location: next.id, date: route.date });
              }}
            >
              {props.locations.map((l) => (
                <option value={l.id}>{title(l.title)}</option>
              ))}
            </select>
          </label>
          <div class="segmented">
            {(['day', 'week'] as const).map((v) => (
              <a
                href={`#/${v}/${encodeURIComponent(here.id)}/${route.date}`}
                aria-current={route.view === v ? 'page' : undefined}
                data-testid={`view-${v}`}
              >
                {t[v]}
              </a>
            ))}
          </div>
          <div class="segmented">
            <button type="button" onClick={() => step(-1)} aria-label={t.previous} data-testid="agenda-previous">
              {t.dir === 'rtl' ? '→' : '←'}
            </button>
            <button type="button" onClick={() => go({ ...route, date: todayAt(zone), booking: undefined })}>
              {t.today}
            </button>
            <button type="button" onClick={() => step(1)} aria-label={t.next} data-testid="agenda-next">
              {t.dir === 'rtl' ? '←' : '→'}
            </button>
          </div>
          <a
            class="button primary"
            href={`#/new/${encodeURIComponent(here.id)}/${route.date}`}
            data-testid="new-booking"
          >
            + {t.newBooking}
          </a>
        </div>
        <h1 id="agenda-title">
          {title(here.title)} ·{' '}
          {route.view === 'week'
            ? `${dayTitle(first, t.locale, false)} – ${dayTitle(addDays(first, 6), t.locale, false)}`
            : dayTitle(route.date, t.locale)}
        </h1>
        <p class="zone" data-testid="agenda-zone">
          {t.timesIn(zoneLabel(zone, route.date, t.locale))} · {t.bookingsCount(confirmed.length)}
        </p>
        {error ? (
          <p role="alert" class="error">
            {t.failed} {error}
          </p>
        ) : null}
        {bookings === undefined ? (
          <p>{t.loading}</p>
        ) : route.view === 'day' ? (
          <DayGrid location={here} date={route.date} bookings={confirmed} route={route} />
        ) : (
          <WeekGrid location={here} first={first} bookings={confirmed} route={route} />
        )}
        {holds.length > 0 ? (
          <section class="holds" data-testid="holds" aria-labelledby="holds-title">
            <h2 id="holds-title">{t.holds}</h2>
            <p class="hint">{t.holdsHint}</p>
            <ul>
              {holds.map((b) => (
                <li>
                  {localTime(b.start, zone)} · {serviceTitle(b)} ·{' '}
                  {t.heldUntil(b.holdExpiresAt ? localTime(b.holdExpiresAt, zone) : '?')}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {cancelled.length > 0 ? (
          <section class="cancelled-list" aria-labelledby="cancelled-title">
            <h2 id="cancelled-title">{t.cancelledToday}</h2>
            <ul>
              {cancelled.map((b) => (
                <li>
                  <a href={`#/${route.view}/${encodeURIComponent(here.id)}/${route.date}/${b.id}`}>
                    {route.view === 'week' ? `${dayTitle(localDate(b.start, zone), t.locale, false)} ` : ''}
                    {localTime(b.start, zone)} · {b.name ?? '—'} · {serviceTitle(b)}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </section>
      {selected ? <BookingPanel booking={selected} location={here} route={route} /> : null}
    </div>
  );
}

/** The colour class of a confirmed booking: its attendance when marked. */
export function stateClass(b: BookingView): string {
  return b.attendance ?? b.status;
}

function BookingChip(props: { booking: BookingView; zone: string; route: AgendaRoute; style?: string }) {
  const scope = useScope();
  const { t } = scope;
  const b = props.booking;
  const service = serviceTitleOf(scope, b);
  const mark = b.attendance ? ` · ${t.attendance[b.attendance]}` : '';
  return (
    <a
      class={`chip ${stateClass(b)}`}
      style={props.style}
      data-testid="booking"
      data-booking={b.id}
      href={`#/${props.route.view}/${encodeURIComponent(props.route.location)}/${props.route.date}/${b.id}`}
      aria-current={props.route.booking === b.id ? 'true' : undefined}
    >
      <span class="chip-time" dir="ltr">
        {localTime(b.start, props.zone)}–{localTime(b.end, props.zone)}
      </span>{' '}
      <span class="chip-name">{b.name ?? '—'}</span> <span class="chip-service">{service}</span>
      <span class="chip-state">{mark}</span>
    </a>
  );
}

/** The columns of a location's day: its staff (who work there), then the desk (its anonymous units). */
function columnsOf(catalog: CatalogView, location: Location, bookings: BookingView[]) {
  const staff = catalog.staff.filter(
    (m) => m.locations.includes(location.id) || bookings.some((b) => b.staffId === m.id),
  );
  const desk =
    Object.keys(location.units ?? {}).length > 0 || bookings.some((b) => b.staffId === null) || staff.length === 0;
  return [
    ...staff.map((m) => ({ key: m.id, name: m.name, hours: m.hours[location.id] })),
    ...(desk ? [{ key: '', name: '', hours: undefined }] : []),
  ];
}

/** The location's opening on `date` (special day, closure, weekday), in minutes since midnight. */
function openingOf(location: Location, date: string): [number, number][] {
  if (location.closures?.some((c) => date >= c.from && date <= c.to)) return [];
  const special = location.specialDays?.find((d) => d.date === date);
  const spans = special ? special.hours : (location.hours[weekdayKey(date)] ?? []);
  return spans.map(([a, b]) => [toMinutes(a), toMinutes(b)]);
}

function DayGrid(props: { location: Location; date: string; bookings: BookingView[]; route: AgendaRoute }) {
  const { t, catalog } = useScope();
  const zone = props.location.timeZone;
  const open = openingOf(props.location, props.date);
  const placed = props.bookings.map((b) => ({
    b,
    from: minutesInto(b.start, props.date, zone),
    to: minutesInto(b.end, props.date, zone),
  }));
  // The hours shown: the opening, widened to every booking, on the hour.
  const edges = [...open.flat(), ...placed.flatMap((p) => [p.from, p.to])];
  const from = edges.length ? Math.max(0, Math.floor(Math.min(...edges) / 60) * 60) : 9 * 60;
  const to = edges.length ? Math.min(24 * 60 + 60, Math.ceil(Math.max(...edges) / 60) * 60) : 18 * 60;
  const columns = columnsOf(catalog, props.location, props.bookings);
  const hours: number[] = [];
  for (let m = from; m < to; m += 60) hours.push(m);
  const height = (to - from) * PX_PER_MINUTE;
  return (
    <div class="day-grid" data-testid="day-grid" style={`--columns: ${columns.length}`}>
      {open.length === 0 ? <p class="closed">{t.closed}</p> : null}
      <div class="day-head">
        <span />
        {columns.map((c) => (
          <span class="column-name" data-testid="staff-column">
            {c.key ? c.name : t.noStaff}
          </span>
        ))}
      </div>
      <div class="day-body" style={`height: ${height}px`}>
        <div class="hours" aria-hidden="true">
          {hours.map((m) => (
            <span style={`top: ${(m - from) * PX_PER_MINUTE}px`}>
              {String(Math.floor(m / 60) % 24).padStart(2, '0')}:00
            </span>
          ))}
        </div>
        {columns.map((c) => {
          const mine = placed.filter((p) => (p.b.staffId ?? '') === c.key).sort((x, y) => x.from - y.from);
          const lanes = laneLayout(mine);
          return (
            <div class="column" data-column={c.key || 'desk'}>
              {open.map(([a, b]) => (
                <div
                  class="open"
                  aria-hidden="true"
                  style={`top: ${(a - from) * PX_PER_MINUTE}px; height: ${(b - a) * PX_PER_MINUTE}px`}
                />
              ))}
              {mine.map((p, i) => {
                const lane = lanes[i]!;
                const style = `top: ${(p.from - from) * PX_PER_MINUTE}px; height: ${Math.max(18, (p.to - p.from) * PX_PER_MINUTE)}px; inset-inline-start: ${(lane.lane / lane.of) * 100}%; width: ${100 / lane.of}%`;
                return <BookingChip booking={p.b} zone={zone} route={props.route} style={style} />;
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Side-by-side lanes for overlapping bookings of one column (sorted by start): each gets its lane of a cluster's width. */
function laneLayout(items: { from: number; to: number }[]): { lane: number; of: number }[] {
  const out: { lane: number; of: number }[] = [];
  let cluster: number[] = [];
  let ends: number[] = [];
  let clusterEnd = -1;
  const close = () => {
    for (const i of cluster) out[i] = { lane: out[i]!.lane, of: ends.length };
    cluster = [];
    ends = [];
  };
  items.forEach((item, i) => {
    if (item.from >= clusterEnd) close();
    let lane = ends.findIndex((end) => end <= item.from);
    if (lane === -1) lane = ends.push(item.to) - 1;
    else ends[lane] = item.to;
    out[i] = { lane, of: 1 };
    cluster.push(i);
    clusterEnd = Math.max(clusterEnd, item.to);
  });
  close();
  return out;
}

function WeekGrid(props: { location: Location; first: string; bookings: BookingView[]; route: AgendaRoute }) {
  const { t } = useScope();
  const zone = props.location.timeZone;
  const byDay = new Map<string, BookingView[]>();
  for (const b of props.bookings) {
    const day = localDate(b.start, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), b]);
  }
  const days = Array.from({ length: 7 }, (_, i) => addDays(props.first, i));
  return (
    <div class="week-grid" data-testid="week-grid">
      {days.map((day) => {
        const list = (byDay.get(day) ?? []).sort((a, b) => a.start.localeCompare(b.start));
        return (
          <section class="week-day" aria-label={dayTitle(day, t.locale)} data-date={day}>
            <h2>
              <a href={`#/day/${encodeURIComponent(props.location.id)}/${day}`}>{dayTitle(day, t.locale, false)}</a>
            </h2>
            {openingOf(props.location, day).length === 0 ? <p class="closed">{t.closed}</p> : null}
            {list.map((b) => (
              <BookingChip booking={b} zone={zone} route={props.route} />
            ))}
          </section>
        );
      })}
    </div>
  );
}
