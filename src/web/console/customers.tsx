import { useEffect, useState } from 'preact/hooks';
import type { BookingView } from './api.ts';
import { problemText } from './booking.tsx';
import { routeHash, serviceTitleOf, useScope } from './context.ts';
import { localDate, longWhen } from './time.ts';

interface Match {
  id: string;
  name: string | null;
  bookings: number;
  noShows: number;
  lastStart: string;
}

interface CustomerRecord {
  customer: { id: string; language: string | null };
  counts: { bookings: number; cancelled: number; arrived: number; completed: number; noShows: number };
  bookings: BookingView[];
}

/** A customer key as people read it: a number with its `+`, a BSUID as it is. */
export function shownId(id: string): string {
  return /^\d+$/.test(id) ? `+${id}` : id;
}

/** Find a customer by name or number, then see their history, language and no-shows, and erase them on request. */
export function CustomersView(props: { customer?: string | undefined }) {
  const { t, api, changes } = useScope();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<Match[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const search = async (q: string) => {
    try {
      const r = await api.get<{ customers: Match[] }>(`/api/customers?${new URLSearchParams({ q })}`);
      setMatches(r.customers);
      setProblem(undefined);
    } catch (error) {
      setProblem(problemText(t, error));
    }
  };
  useEffect(() => {
    if (query.trim().length >= 2) void search(query.trim());
  }, [changes]);
  return (
    <div class="customers-page">
      <section aria-labelledby="search-title">
        <h1 id="search-title">{t.customers}</h1>
        <form
          class="search"
          onSubmit={(e) => {
            e.preventDefault();
            void search(query.trim());
          }}
        >
          <label>
            {t.search}
            <input
              type="search"
              value={query}
              minLength={2}
              required
              onInput={(e) => setQuery(e.currentTarget.value)}
              aria-describedby="search-hint"
              data-testid="customer-search"
            />
          </label>
          <button type="submit" class="primary">
            {t.search}
          </button>
          <span id="search-hint" class="hint">
            {t.searchHint}
          </span>
        </form>
        {problem ? (
          <p role="alert" class="error">
            {problem}
          </p>
        ) : null}
        {matches?.length === 0 ? <p>{t.noMatches}</p> : null}
        {matches && matches.length > 0 ? (
          <ul class="matches" data-testid="customer-matches">
            {matches.map((m) => (
              <li>
                <a href={routeHash({ view: 'customers', customer: m.id })} data-testid="customer-match">
                  <strong>{m.name ?? '—'}</strong> <span dir="ltr">{shownId(m.id)}</span>
                </a>{' '}
                · {t.bookingsCount(m.bookings)} · {t.noShows}: {m.noShows}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {props.customer ? <CustomerDetail key={props.customer} id={props.customer} /> : null}
    </div>
  );
}

function CustomerDetail(props: { id: string }) {
  const scope = useScope();
  const { t, api, me, catalog, changes, title } = scope;
  const [record, setRecord] = useState<CustomerRecord | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [erased, setErased] = useState<number | undefined>();
  useEffect(() => {
    setConfirming(false);
    api
      .get<CustomerRecord>(`/api/customers/${encodeURIComponent(props.id)}`)
      .then((r) => {
        setRecord(r);
        setProblem(undefined);
      })
      .catch((error) => setProblem(problemText(t, error)));
  }, [props.id, changes]);
  if (erased !== undefined)
    return (
      <p role="status" data-testid="customer-erased">
        {t.erased(erased)}
      </p>
    );
  if (problem)
    return (
      <p role="alert" class="error">
        {problem}
      </p>
    );
  if (!record) return <p>{t.loading}</p>;
  const name = record.bookings.find((b) => b.name)?.name ?? '—';
  const zoneOf = (b: BookingView) => catalog.locations.find((l) => l.id === b.locationId)?.timeZone ?? 'UTC';
  const c = record.counts;
  return (
    <section class="customer" data-testid="customer" aria-labelledby="customer-title">
      <h2 id="customer-title">
        {name} <span dir="ltr">{shownId(record.customer.id)}</span>
      </h2>
      <dl class="facts">
        <dt>{t.customerLanguage}</dt>
        <dd data-testid="customer-language">{record.customer.language ?? t.unknownLanguage}</dd>
        <dt>{t.counts}</dt>
        <dd data-testid="customer-counts">
          {t.bookingsCount(c.bookings)} · {t.completed}: {c.completed} · {t.noShows}: {c.noShows} · {t.cancelled}:{' '}
          {c.cancelled}
        </dd>
      </dl>
      <h3>{t.history}</h3>
      <table class="history" data-testid="customer-history">
        <thead>
          <tr>
            <th scope="col">{t.when}</th>
            <th scope="col">{t.service}</th>
            <th scope="col">{t.location}</th>
            <th scope="col">{t.state}</th>
          </tr>
        </thead>
        <tbody>
          {record.bookings.map((b) => {
            const location = catalog.locations.find((l) => l.id === b.locationId);
            return (
              <tr class={b.attendance ?? b.status}>
                <td>
                  <a href={`#/day/${encodeURIComponent(b.locationId)}/${localDate(b.start, zoneOf(b))}/${b.id}`}>
                    {longWhen(b.start, zoneOf(b), t.locale)}
                  </a>
                </td>
                <td>{serviceTitleOf(scope, b)}</td>
                <td>{location ? title(location.title) : b.locationId}</td>
                <td>
                  {t.status[b.status]}
                  {b.attendance ? ` · ${t.attendance[b.attendance]}` : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {me.user.role === 'owner' ? (
        <div class="erase">
          {confirming ? (
            <>
              <p role="alert">{t.eraseWarning}</p>
              <button
                type="button"
                class="danger"
                data-testid="confirm-erase"
                onClick={async () => {
                  try {
                    const r = await api.delete<{ erasedBookings: number }>(
                      `/api/customers/${encodeURIComponent(record.customer.id)}`,
                    );
                    setErased(r.erasedBookings);
                  } catch (error) {
                    setProblem(problemText(t, error));
                  }
                }}
              >
                {t.confirmErase}
              </button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>
                {t.close}
              </button>
            </>
          ) : (
            <button type="button" class="danger" onClick={() => setConfirming(true)} data-testid="erase">
              {t.erase}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}
