import { useEffect, useState } from 'preact/hooks';
import { useScope } from './context.ts';
import { localTime } from './time.ts';

interface FreeTime {
  start: string;
  end: string;
  free: number;
}

/**
 * A local date and the free start times of a service on it (`GET /api/availability?date=`), as a
 * select of local times: the front desk books and moves only into time that is really free. The
 * inputs' test ids are `<testId>-date` and `<testId>-time`.
 */
export function FreeTimePicker(props: {
  service: string;
  location: string;
  staff?: string | undefined;
  date: string;
  onDate: (date: string) => void;
  zone: string;
  value: string | undefined;
  onChange: (time: string | undefined) => void;
  testId: string;
}) {
  const { t, api, changes } = useScope();
  const [times, setTimes] = useState<FreeTime[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const inputs = [props.service, props.location, props.staff, props.date];
  useEffect(() => {
    setTimes(undefined);
    props.onChange(undefined);
  }, inputs);
  // Refetched on every change too: a time someone else took meanwhile leaves the list.
  useEffect(() => {
    if (!props.service || !/^\d{4}-\d{2}-\d{2}$/.test(props.date)) return;
    const query = new URLSearchParams({ location: props.location, service: props.service, date: props.date });
    if (props.staff) query.set('staff', props.staff);
    let current = true;
    api
      .get<{ times: FreeTime[] }>(`/api/availability?${query}`)
      .then((r) => {
        if (!current) return;
        setTimes(r.times);
        setProblem(undefined);
      })
      .catch((e: Error) => current && setProblem(`${t.failed} ${e.message}`));
    return () => {
      current = false;
    };
  }, [...inputs, changes]);
  const locals = [...new Set((times ?? []).map((x) => localTime(x.start, props.zone)))];
  return (
    <>
      <label>
        {t.date}
        <input
          type="date"
          value={props.date}
          required
          onChange={(e) => props.onDate(e.currentTarget.value)}
          data-testid={`${props.testId}-date`}
        />
      </label>
      <label>
        {t.time}
        <select
          required
          value={props.value ?? ''}
          disabled={!times || locals.length === 0}
          onChange={(e) => props.onChange(e.currentTarget.value || undefined)}
          data-testid={`${props.testId}-time`}
        >
          <option value="">{times === undefined ? t.loading : locals.length === 0 ? t.noFreeTimes : '—'}</option>
          {locals.map((time) => (
            <option value={time}>{time}</option>
          ))}
        </select>
        {problem ? (
          <span role="alert" class="error">
            {problem}
          </span>
        ) : null}
      </label>
    </>
  );
}
