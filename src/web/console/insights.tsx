import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CatalogView } from './api.ts';
import { problemText } from './booking.tsx';
import { ChartCard, COLOURS, NumbersTable } from './charts.tsx';
import { useScope, type Route } from './context.ts';
import type { ConsoleStrings } from './strings.ts';
import { addDays, dayTitle, todayAt } from './time.ts';

type Outcome = 'booked' | 'completed' | 'no_show' | 'cancelled';
type Step = 'INIT' | 'APPOINTMENT' | 'DETAILS' | 'SUMMARY' | 'SUCCESS';
type ReminderKind = 'sent' | 'delivered' | 'read' | 'skipped' | 'removed' | 'failed';

/** What `GET /api/insights` answers (src/insights/report.ts). */
export interface InsightsData {
  from: string;
  to: string;
  location: string | null;
  zone: string;
  bookings: { days: (Record<Outcome, number> & { date: string; noShowRate: number | null })[] };
  noShows: { noShows: number; started: number; rate: number | null };
  hours: { hour: number; bookings: number }[];
  funnel: { step: Step; sessions: number; dropOff: number }[];
  reminders: Record<ReminderKind, number>;
}

type InsightsRoute = Extract<Route, { view: 'insights' }>;
type Location = CatalogView['locations'][number];

const OUTCOME_COLOURS: Record<Outcome, string> = {
  booked: COLOURS.blue,
  completed: COLOURS.green,
  no_show: COLOURS.red,
  cancelled: COLOURS.grey,
};
const REMINDER_KINDS: ReminderKind[] = ['sent', 'delivered', 'read', 'skipped', 'removed', 'failed'];
/** The default range, as the API's (docs/console.md): the last 28 days and the 7 ahead. */
const DAYS_BACK = 27;
const DAYS_AHEAD = 7;

/** A rate as a percentage with one decimal, the same in the chart and its table. */
export const percent = (rate: number | null): string => (rate === null ? '–' : `${(rate * 100).toFixed(1)} %`);

/**
 * The insights page: bookings per day by outcome, the no-show rate, the Flow funnel, reminders and the
 * busiest hours of a range of days, each a chart with its numbers in a table (docs/console.md).
 */
export function InsightsView(props: { route: InsightsRoute; locations: Location[] }) {
  const { t, api, go, changes, title } = useScope();
  const zone = props.locations.find((l) => l.id === props.route.location)?.timeZone ?? props.locations[0]?.timeZone;
  const today = todayAt(zone ?? 'UTC');
  const from = props.route.from ?? addDays(today, -DAYS_BACK);
  const to = props.route.to ?? addDays(today, DAYS_AHEAD);
  const location = props.route.location;
  const [data, setData] = useState<InsightsData | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    const query = new URLSearchParams({ from, to, ...(location ? { location } : {}) });
    api
      .get<InsightsData>(`/api/insights?${query}`)
      .then((r) => {
        if (!current) return;
        setData(r);
        setProblem(undefined);
      })
      .catch((error: unknown) => current && setProblem(problemText(t, error)));
    return () => {
      current = false;
    };
  }, [from, to, location, changes]);
  return (
    <div class="insights-page">
      <h1>{t.insights}</h1>
      <form
        class="insights-tools"
        data-testid="insights-range"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
          const chosen = field('location');
          go({ view: 'insights', from: field('from'), to: field('to'), ...(chosen ? { location: chosen } : {}) });
        }}
      >
        <label>
          {t.from}
          <input type="date" name="from" value={from} required data-testid="insights-from" />
        </label>
        <label>
          {t.to}
          <input type="date" name="to" value={to} required data-testid="insights-to" />
        </label>
        <label>
          {t.location}
          <select name="location" data-testid="insights-location">
            <option value="" selected={!location}>
              {t.allLocations}
            </option>
            {props.locations.map((l) => (
              <option value={l.id} selected={l.id === location}>
                {title(l.title)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          {t.show}
        </button>
      </form>
      {data ? <p class="hint">{t.insightsHint(data.zone.replace(/_/g, ' '))}</p> : null}
      {problem ? (
        <p role="alert" class="error">
          {problem}
        </p>
      ) : null}
      {data ? <Charts data={data} /> : <p>{t.loading}</p>}
    </div>
  );
}

function Charts(props: { data: InsightsData }) {
  const { t } = useScope();
  const { data } = props;
  const configs = useMemo(() => chartConfigs(t, data), [t, data]);
  const dayLabel = (date: string) => dayTitle(date, t.locale, false);
  const outcomes: Outcome[] = ['booked', 'completed', 'no_show', 'cancelled'];
  return (
    <div class="chart-grid">
      <ChartCard
        id="bookings"
        title={t.bookingsPerDay}
        config={configs.bookings}
        table={
          <NumbersTable
            caption={t.bookingsPerDay}
            head={[t.date, ...outcomes.map((o) => t.outcomes[o])]}
            rows={data.bookings.days.map((d) => ({
              key: d.date,
              label: dayLabel(d.date),
              cells: outcomes.map((o) => d[o]),
            }))}
          />
        }
      />
      <ChartCard
        id="no-shows"
        title={t.noShowRate}
        config={configs.noShows}
        summary={
          data.noShows.rate === null
            ? t.noShowNone
            : t.noShowSummary(percent(data.noShows.rate), data.noShows.noShows, data.noShows.started)
        }
        table={
          <NumbersTable
            caption={t.noShowRate}
            head={[t.date, t.rate]}
            rows={data.bookings.days.map((d) => ({
              key: d.date,
              label: dayLabel(d.date),
              cells: [percent(d.noShowRate)],
            }))}
          />
        }
      />
      <ChartCard
        id="funnel"
        title={t.funnel}
        config={configs.funnel}
        note={t.funnelNote}
        table={
          <NumbersTable
            caption={t.funnel}
            head={['', t.sessions, t.dropOff]}
            rows={data.funnel.map((s) => ({
              key: s.step,
              label: t.funnelSteps[s.step],
              cells: [s.sessions, s.dropOff],
            }))}
          />
        }
      />
      <ChartCard
        id="reminders"
        title={t.reminders}
        config={configs.reminders}
        table={
          <NumbersTable
            caption={t.reminders}
            head={['', t.count]}
            rows={REMINDER_KINDS.map((k) => ({ key: k, label: t.reminderKinds[k], cells: [data.reminders[k]] }))}
          />
        }
      />
      <ChartCard
        id="hours"
        title={t.busiestHours}
        config={configs.hours}
        table={
          <NumbersTable
            caption={t.busiestHours}
            head={[t.hour, t.bookings]}
            rows={data.hours.map((h) => ({ key: String(h.hour), label: hourLabel(h.hour), cells: [h.bookings] }))}
          />
        }
      />
    </div>
  );
}

const hourLabel = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

/** One configuration per chart, rebuilt only when the data or the language changes. */
function chartConfigs(t: ConsoleStrings, data: InsightsData) {
  const rtl = t.dir === 'rtl';
  const days = data.bookings.days.map((d) => dayTitle(d.date, t.locale, false));
  const count = { beginAtZero: true, ticks: { precision: 0 } };
  const single = (labels: string[], values: number[], colour: string, horizontal = false): ChartConfiguration => ({
    type: 'bar',
    data: { labels, datasets: [{ label: t.count, data: values, backgroundColor: colour }] },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      plugins: { legend: { display: false } },
      scales: horizontal
        ? { x: { ...count, reverse: rtl }, y: { position: rtl ? 'right' : 'left' } }
        : { x: { reverse: rtl }, y: { ...count, position: rtl ? 'right' : 'left' } },
    },
  });
  const outcomes: Outcome[] = ['booked', 'completed', 'no_show', 'cancelled'];
  const bookings: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: days,
      datasets: outcomes.map((o) => ({
        label: t.outcomes[o],
        data: data.bookings.days.map((d) => d[o]),
        backgroundColor: OUTCOME_COLOURS[o],
        stack: 'outcome',
      })),
    },
    options: {
      scales: {
        x: { stacked: true, reverse: rtl },
        y: { ...count, stacked: true, position: rtl ? 'right' : 'left' },
      },
    },
  };
  const noShows: ChartConfiguration = {
    type: 'line',
    data: {
      labels: days,
      datasets: [
        {
          label: t.noShowRate,
          data: data.bookings.days.map((d) => (d.noShowRate === null ? null : Math.round(d.noShowRate * 1000) / 10)),
          borderColor: COLOURS.red,
          backgroundColor: COLOURS.red,
          spanGaps: true,
        },
      ],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: { x: { reverse: rtl }, y: { min: 0, max: 100, position: rtl ? 'right' : 'left' } },
    },
  };
  return {
    bookings,
    noShows,
    funnel: single(
      data.funnel.map((s) => t.funnelSteps[s.step]),
      data.funnel.map((s) => s.sessions),
      COLOURS.violet,
      true,
    ),
    reminders: single(
      REMINDER_KINDS.map((k) => t.reminderKinds[k]),
      REMINDER_KINDS.map((k) => data.reminders[k]),
      COLOURS.amber,
    ),
    hours: single(
      data.hours.map((h) => hourLabel(h.hour)),
      data.hours.map((h) => h.bookings),
      COLOURS.blue,
    ),
  };
}
