import { useEffect, useState } from 'preact/hooks';
import { call } from './api.ts';
import { Operations } from './operations.tsx';

interface Booking {
  id: string;
  status: string;
  locationId: string;
  departmentId: string;
  start: string;
  end: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
  language?: string;
  version: number;
  [key: string]: unknown;
}

const TOKEN_KEY = 'flowbook.adminToken';

/** The business view: bookings per day and location, details, cancel, availability, failed jobs, Flow alerts. */
export function Agenda() {
  const [token, setToken] = useState(localStorage.getItem(TOKEN_KEY) ?? '');
  const [needsToken, setNeedsToken] = useState(false);
  const [bookings, setBookings] = useState<Booking[] | undefined>();
  const [selected, setSelected] = useState<Booking | undefined>();
  const [jobs, setJobs] = useState<string>('loading');
  const [alerts, setAlerts] = useState<{ at: number; kind: string; detail: string }[] | 'unavailable' | undefined>();

  const load = async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const { status, body } = await call<{ bookings: Booking[] }>(
      'GET',
      `/api/bookings?from=${encodeURIComponent(from)}&limit=500`,
      undefined,
      token,
    );
    if (status === 401) return setNeedsToken(true);
    setNeedsToken(false);
    if (status === 200) setBookings(body.bookings);
    const j = await call<{ jobs?: unknown[] }>('GET', '/api/jobs?state=failed', undefined, token);
    setJobs(j.status === 200 && Array.isArray(j.body.jobs) ? `${j.body.jobs.length} failed` : 'unavailable');
    const a = await call<{ alerts: { at: number; kind: string; detail: string }[] }>('GET', '/sandbox/api/alerts');
    setAlerts(a.status === 200 ? a.body.alerts : 'unavailable');
  };
  useEffect(() => void load(), [token]);

  if (needsToken) {
    return (
      <form
        class="agenda token"
        onSubmit={(e) => {
          e.preventDefault();
          const t = (e.currentTarget.elements.namedItem('token') as HTMLInputElement).value;
          localStorage.setItem(TOKEN_KEY, t);
          setToken(t);
        }}
      >
        <label>
          Admin token <input name="token" type="password" data-testid="admin-token" />
        </label>
        <button type="submit">Open agenda</button>
      </form>
    );
  }
  const days = groupBy(bookings ?? [], (b) => b.start.slice(0, 10));
  return (
    <div class="agenda" data-testid="agenda">
      <h1>Agenda</h1>
      <Operations token={token} />
      {bookings === undefined ? <p>Loading…</p> : bookings.length === 0 ? <p>No bookings.</p> : null}
      {[...days]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, list]) => (
          <section class="day">
            <h2>
              {new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, {
                weekday: 'short',
                day: 'numeric',
                month: 'short',
                year: 'numeric',
              })}
            </h2>
            {[...groupBy(list, (b) => b.locationId)].map(([location, items]) => (
              <div class="location">
                <h3>{location}</h3>
                {items
                  .sort((a, b) => a.start.localeCompare(b.start))
                  .map((b) => (
                    <button
                      type="button"
                      class={`booking ${b.status}`}
                      data-testid="booking"
                      onClick={() => setSelected(b)}
                    >
                      {new Date(b.start).toISOString().slice(11, 16)} UTC · {b.departmentId} · {b.name ?? '—'} ·{' '}
                      {b.status}
                    </button>
                  ))}
              </div>
            ))}
          </section>
        ))}
      {selected ? (
        <div class="details" data-testid="booking-details">
          <h2>{selected.name ?? selected.id}</h2>
          <dl>
            {Object.entries(selected)
              .filter(([, v]) => typeof v !== 'object' || v === null)
              .map(([k, v]) => (
                <>
                  <dt>{k}</dt>
                  <dd>{String(v ?? '')}</dd>
                </>
              ))}
          </dl>
          {selected.status === 'confirmed' ? (
            <button
              type="button"
              data-testid="cancel"
              onClick={async () => {
                const { status, body } = await call<{ booking: Booking }>(
                  'POST',
                  `/api/bookings/${selected.id}/cancel`,
                  { version: selected.version },
                  token,
                );
                if (status === 200) setSelected(body.booking);
                await load();
              }}
            >
              Cancel booking
            </button>
          ) : null}
          <button type="button" onClick={() => setSelected(undefined)}>
            Close
          </button>
        </div>
      ) : null}
      <Availability token={token} bookings={bookings ?? []} />
      <section>
        <h2>Failed jobs</h2>
        <p data-testid="jobs">{jobs}</p>
      </section>
      <section>
        <h2>Flow alerts</h2>
        {alerts === 'unavailable' ? (
          <p>unavailable</p>
        ) : (alerts ?? []).length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {(alerts as { at: number; kind: string; detail: string }[])
              .slice(-10)
              .reverse()
              .map((a) => (
                <li>
                  {new Date(a.at).toISOString()} {a.kind}: {a.detail}
                </li>
              ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Availability(props: { token: string; bookings: Booking[] }) {
  const first = props.bookings[0];
  const [location, setLocation] = useState(first?.locationId ?? 'kings-cross');
  const [department, setDepartment] = useState(first?.departmentId ?? 'shopping');
  const [dates, setDates] = useState<string>('');
  const check = async () => {
    const { status, body } = await call<{ dates: unknown[] }>(
      'GET',
      `/api/availability?location=${encodeURIComponent(location)}&department=${encodeURIComponent(department)}`,
      undefined,
      props.token,
    );
    setDates(status === 200 ? summarise(body.dates) : 'unavailable');
  };
  return (
    <section class="availability">
      <h2>Availability</h2>
      <input
        value={location}
        onInput={(e) => setLocation((e.currentTarget as HTMLInputElement).value)}
        aria-label="location"
      />
      <input
        value={department}
        onInput={(e) => setDepartment((e.currentTarget as HTMLInputElement).value)}
        aria-label="department"
      />
      <button type="button" onClick={() => void check()}>
        Check
      </button>
      <p data-testid="availability">{dates}</p>
    </section>
  );
}

function summarise(dates: unknown[]): string {
  return (
    dates
      .slice(0, 14)
      .map((d) => {
        const x = d as { date?: string; id?: string; free?: number };
        return `${x.date ?? x.id ?? JSON.stringify(d)}${x.free !== undefined ? ` (${x.free})` : ''}`;
      })
      .join(' · ') || 'no free dates'
  );
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
