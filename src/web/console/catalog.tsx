import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ConsoleApiError, titleOf } from './api.ts';
import { problemText } from './booking.tsx';
import { routeHash, useScope } from './context.ts';
import type { ConsoleStrings } from './strings.ts';
import { localDate, longWhen } from './time.ts';

/** The catalog as `GET /api/catalog/document` sends it (src/catalog/schema.ts, defaults filled in). */
type Text = string | Record<string, string>;
type Intervals = Array<[string, string]>;
type Weekly = Record<Weekday, Intervals>;
interface LocationDoc {
  id: string;
  title: Text;
  timeZone: string;
  capacity: Record<string, number>;
  hours: Weekly;
  closures: Array<{ from: string; to: string; reason?: string }>;
  specialDays: Array<{ date: string; hours: Intervals }>;
}
interface ServiceDoc {
  id: string;
  title: Text;
  category?: string;
  durationMinutes: number;
  price?: { amount: number; currency: string };
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  locations?: string[];
  stepMinutes?: number;
  minNoticeMinutes?: number;
  windowDays?: number;
  holdMinutes?: number;
  maxOpenPerCustomer?: number;
}
interface StaffDoc {
  id: string;
  name: Text;
  kind: 'person' | 'resource';
  services: string[];
  hours: Record<string, Weekly>;
  timeOff: Array<{ from: string; to: string; reason?: string }>;
  dailyCapacity?: number;
}
interface CatalogDoc {
  departments: Array<{ id: string; title: Text }>;
  locations: LocationDoc[];
  services?: ServiceDoc[];
  staff: StaffDoc[];
  booking: Record<string, number | string[] | undefined>;
  [key: string]: unknown;
}

interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
}
interface Revision {
  id: number;
  basedOn: number;
  author: string;
  source: 'file' | 'console' | 'api';
  createdAt: string;
  changes: Change[];
}
interface Outside {
  reason: string;
  id: string;
  locationId: string;
  serviceId: string;
  staffId: string | null;
  start: string;
  name: string | null;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
type Section = 'hours' | 'services' | 'staff' | 'rules' | 'history';
type Path = ReadonlyArray<string | number>;

/** Problems by the path of their field, as FB_CATALOG_INVALID names them (`locations.0.hours.mon.0`). */
type Problems = ReadonlyMap<string, string>;

/** A copy of `doc` with the value at `path` replaced (undefined removes the key). */
function setIn<T>(doc: T, path: Path, value: unknown): T {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let at = copy;
  path.slice(0, -1).forEach((key) => {
    at = at[key] as Record<string | number, unknown>;
  });
  const last = path[path.length - 1]!;
  if (value === undefined && !Array.isArray(at)) delete at[last];
  else at[last] = value;
  return copy as T;
}

function getIn(doc: unknown, path: Path): unknown {
  return path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], doc);
}

/** The problem for a field: its own, or one below it (an interval's `…mon.0.1`). */
function problemAt(problems: Problems, path: Path): string | undefined {
  const key = path.join('.');
  for (const [at, message] of problems) if (at === key || at.startsWith(`${key}.`)) return message;
  return undefined;
}

/**
 * The catalog editor (owners): opening hours, closures, special days and capacities per location,
 * services, staff, and the booking rules. The whole catalog is saved at once and validated by the
 * server; a refused save marks each field it names. Saved changes are offered in the Flow at once,
 * the audit log says who changed what, and bookings the new catalog no longer fits are listed here.
 */
export function CatalogEditor() {
  const { t, api, changes } = useScope();
  const [saved, setSaved] = useState<{ revision: number; document: CatalogDoc } | undefined>();
  const [draft, setDraft] = useState<CatalogDoc | undefined>();
  const [problems, setProblems] = useState<Problems>(new Map());
  const [notice, setNotice] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [outside, setOutside] = useState<Outside[]>([]);
  const [section, setSection] = useState<Section>('hours');
  const dirty = saved !== undefined && draft !== undefined && JSON.stringify(saved.document) !== JSON.stringify(draft);

  // The document the draft started from: a load that answers after the first edit leaves the edit alone.
  const base = useRef<CatalogDoc | undefined>();
  const latest = useRef(draft);
  latest.current = draft;
  const load = async (force = false) => {
    const current = await api.get<{ revision: number; document: CatalogDoc }>('/api/catalog/document');
    if (!force && latest.current !== undefined && latest.current !== base.current) return;
    base.current = current.document;
    setSaved(current);
    setDraft(current.document);
    setProblems(new Map());
  };
  useEffect(() => {
    // Someone else's change shows at once, unless this draft has edits of its own (a save then says so).
    if (!dirty) void load();
    void api.get<{ bookings: Outside[] }>('/api/catalog/outside').then((r) => setOutside(r.bookings));
  }, [changes]);
  if (!saved || !draft) return <p>{t.loading}</p>;

  const edit = (path: Path, value: unknown) => {
    setDraft((d) => setIn(d!, path, value));
    setNotice(undefined);
  };
  const save = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      const result = await api.put<{ revision: number; changes: Change[]; outside: Outside[] }>(
        '/api/catalog/document',
        {
          revision: saved.revision,
          document: draft,
        },
      );
      await load(true);
      setOutside(result.outside);
      setNotice(t.catalog.saved(result.changes.length));
    } catch (error) {
      if (error instanceof ConsoleApiError && error.error.code === 'FB_CATALOG_INVALID') {
        const list = (error.error.details?.problems ?? []) as Array<{ path: string; message: string }>;
        setProblems(new Map(list.map((p) => [p.path, p.message])));
        setFailure(t.catalog.invalid(list.length));
      } else if (error instanceof ConsoleApiError && error.error.code === 'FB_CATALOG_STALE') {
        setFailure(t.catalog.stale);
      } else setFailure(problemText(t, error));
    }
  };
  const field = { draft, problems, edit };
  const tabs: Array<[Section, string]> = [
    ['hours', t.catalog.locations],
    ['services', t.catalog.services],
    ['staff', t.catalog.staff],
    ['rules', t.catalog.rules],
    ['history', t.catalog.history],
  ];
  return (
    <section class="catalog" data-testid="catalog" aria-labelledby="catalog-title">
      <header class="catalog-head">
        <h1 id="catalog-title">{t.catalog.title}</h1>
        <span class="revision" data-testid="catalog-revision">
          {t.catalog.revision(saved.revision)}
        </span>
        <a href="/api/catalog/export" download data-testid="catalog-export">
          {t.catalog.export}
        </a>
      </header>
      <OutsideList bookings={outside} />
      <div class="tabs" role="tablist" aria-label={t.catalog.title}>
        {tabs.map(([id, label]) => (
          <button
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={section === id}
            aria-controls="catalog-panel"
            data-testid={`catalog-tab-${id}`}
            onClick={() => setSection(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <form id="catalog-panel" role="tabpanel" aria-labelledby={`tab-${section}`} onSubmit={save} noValidate>
        {section === 'hours' ? <LocationsSection {...field} /> : null}
        {section === 'services' ? <ServicesSection {...field} /> : null}
        {section === 'staff' ? <StaffSection {...field} /> : null}
        {section === 'rules' ? <RulesSection {...field} /> : null}
        {section === 'history' ? <HistorySection /> : null}
        {section === 'history' ? null : (
          <div class="save-bar">
            <button type="submit" class="primary" data-testid="catalog-save" disabled={!dirty}>
              {t.catalog.save}
            </button>
            <button type="button" data-testid="catalog-discard" disabled={!dirty} onClick={() => void load(true)}>
              {t.catalog.discard}
            </button>
            <span role="status" data-testid="catalog-notice">
              {notice}
            </span>
            {failure ? (
              <p role="alert" class="problem" data-testid="catalog-problem">
                {failure}
              </p>
            ) : null}
          </div>
        )}
      </form>
    </section>
  );
}

interface FieldProps {
  readonly draft: CatalogDoc;
  readonly problems: Problems;
  edit(path: Path, value: unknown): void;
}

/** A labelled control with the server's problem for its path beside it. */
function Field(props: {
  problems: Problems;
  path: Path;
  label: string;
  children: (a11y: object) => ComponentChildren;
}) {
  const id = `f-${props.path.join('-')}`;
  const problem = problemAt(props.problems, props.path);
  return (
    <label class="field" for={id}>
      <span>{props.label}</span>
      {props.children({
        id,
        'data-testid': id,
        ...(problem ? { 'aria-invalid': true, 'aria-describedby': `${id}-problem` } : {}),
      })}
      {problem ? (
        <small id={`${id}-problem`} class="field-problem" data-testid={`${id}-problem`}>
          {problem}
        </small>
      ) : null}
    </label>
  );
}

function NumberField(props: FieldProps & { path: Path; label: string; optional?: boolean }) {
  const value = getIn(props.draft, props.path) as number | undefined;
  return (
    <Field problems={props.problems} path={props.path} label={props.label}>
      {(a11y) => (
        <input
          {...a11y}
          type="number"
          inputMode="numeric"
          value={value ?? ''}
          onInput={(e) => {
            const text = (e.target as HTMLInputElement).value;
            props.edit(props.path, text === '' ? (props.optional ? undefined : null) : Number(text));
          }}
        />
      )}
    </Field>
  );
}

function TextField(props: FieldProps & { path: Path; label: string; type?: string; optional?: boolean }) {
  const value = getIn(props.draft, props.path) as string | undefined;
  return (
    <Field problems={props.problems} path={props.path} label={props.label}>
      {(a11y) => (
        <input
          {...a11y}
          type={props.type ?? 'text'}
          value={value ?? ''}
          onInput={(e) => {
            const text = (e.target as HTMLInputElement).value;
            props.edit(props.path, text === '' && props.optional ? undefined : text);
          }}
        />
      )}
    </Field>
  );
}

/** A title in one string, or one per language: each language its own field. */
function TitleFields(props: FieldProps & { path: Path; label: string }) {
  const value = getIn(props.draft, props.path) as Text;
  if (typeof value === 'string') return <TextField {...props} />;
  return (
    <>
      {Object.keys(value).map((language) => (
        <TextField {...props} path={[...props.path, language]} label={`${props.label} (${language})`} />
      ))}
    </>
  );
}

/** Opening intervals of one day: from and to per interval, add and remove; none is closed. */
function IntervalsField(props: FieldProps & { path: Path; label: string }) {
  const { t } = useScope();
  const list = (getIn(props.draft, props.path) as Intervals | undefined) ?? [];
  const problem = problemAt(props.problems, props.path);
  const id = `f-${props.path.join('-')}`;
  return (
    <fieldset class="intervals" data-testid={id} aria-describedby={problem ? `${id}-problem` : undefined}>
      <legend>{props.label}</legend>
      {list.length === 0 ? <span class="muted">{t.closed}</span> : null}
      {list.map(([from, to], i) => {
        const bad = problemAt(props.problems, [...props.path, i]) ? { 'aria-invalid': true as const } : {};
        return (
          <span class="interval">
            <input
              type="time"
              aria-label={t.catalog.opens}
              data-testid={`${id}-${i}-from`}
              value={from}
              {...bad}
              onInput={(e) => props.edit([...props.path, i, 0], (e.target as HTMLInputElement).value)}
            />
            –
            <input
              type="time"
              aria-label={t.catalog.closes}
              data-testid={`${id}-${i}-to`}
              value={to === '24:00' ? '23:59' : to}
              {...bad}
              onInput={(e) => props.edit([...props.path, i, 1], (e.target as HTMLInputElement).value)}
            />
            <button
              type="button"
              aria-label={t.catalog.remove}
              data-testid={`${id}-${i}-remove`}
              onClick={() =>
                props.edit(
                  props.path,
                  list.filter((_, j) => j !== i),
                )
              }
            >
              ×
            </button>
          </span>
        );
      })}
      <button
        type="button"
        data-testid={`${id}-add`}
        onClick={() =>
          props.edit(props.path, [...list, list.length ? [list[list.length - 1]![1], '23:00'] : ['09:00', '17:00']])
        }
      >
        {t.catalog.addInterval}
      </button>
      {problem ? (
        <small id={`${id}-problem`} class="field-problem" data-testid={`${id}-problem`}>
          {problem}
        </small>
      ) : null}
    </fieldset>
  );
}

function WeeklyFields(props: FieldProps & { path: Path }) {
  const { t } = useScope();
  return (
    <div class="weekly">
      {WEEKDAYS.map((day) => (
        <IntervalsField {...props} path={[...props.path, day]} label={t.catalog.weekdays[day]} />
      ))}
    </div>
  );
}

function LocationsSection(props: FieldProps) {
  const { t, language } = useScope();
  const [index, setIndex] = useState(0);
  const location = props.draft.locations[index];
  if (!location) return null;
  const base = ['locations', index] as const;
  return (
    <div class="catalog-section" data-testid="catalog-locations">
      <label class="field">
        <span>{t.location}</span>
        <select
          data-testid="catalog-location"
          value={String(index)}
          onChange={(e) => setIndex(Number((e.target as HTMLSelectElement).value))}
        >
          {props.draft.locations.map((l, i) => (
            <option value={String(i)}>{titleOf(l.title, language)}</option>
          ))}
        </select>
      </label>
      <p class="muted">{t.timesIn(location.timeZone)}</p>
      <h2>{t.catalog.hours}</h2>
      <WeeklyFields {...props} path={[...base, 'hours']} />
      <h2>{t.catalog.closures}</h2>
      <DatedList
        {...props}
        path={[...base, 'closures']}
        empty={{ from: '', to: '', reason: '' }}
        fields={(i) => (
          <>
            <TextField {...props} path={[...base, 'closures', i, 'from']} label={t.catalog.from} type="date" />
            <TextField {...props} path={[...base, 'closures', i, 'to']} label={t.catalog.to} type="date" />
            <TextField {...props} path={[...base, 'closures', i, 'reason']} label={t.catalog.reason} optional />
          </>
        )}
      />
      <h2>{t.catalog.specialDays}</h2>
      <DatedList
        {...props}
        path={[...base, 'specialDays']}
        empty={{ date: '', hours: [['10:00', '14:00']] }}
        fields={(i) => (
          <>
            <TextField {...props} path={[...base, 'specialDays', i, 'date']} label={t.date} type="date" />
            <IntervalsField {...props} path={[...base, 'specialDays', i, 'hours']} label={t.catalog.hours} />
          </>
        )}
      />
      <h2>{t.catalog.capacity}</h2>
      <p class="muted">{t.catalog.capacityHint}</p>
      <div class="row">
        {props.draft.departments.map((d) => (
          <NumberField {...props} path={[...base, 'capacity', d.id]} label={titleOf(d.title, language)} optional />
        ))}
      </div>
    </div>
  );
}

/** A list of dated entries (closures, special days, time off): each its fields and a remove button, then add. */
function DatedList(props: FieldProps & { path: Path; empty: object; fields: (i: number) => ComponentChildren }) {
  const { t } = useScope();
  const list = (getIn(props.draft, props.path) as unknown[] | undefined) ?? [];
  const id = `f-${props.path.join('-')}`;
  return (
    <div class="dated" data-testid={id}>
      {list.map((_, i) => (
        <div class="row entry">
          {props.fields(i)}
          <button
            type="button"
            data-testid={`${id}-${i}-remove`}
            onClick={() =>
              props.edit(
                props.path,
                list.filter((_, j) => j !== i),
              )
            }
          >
            {t.catalog.remove}
          </button>
        </div>
      ))}
      <button type="button" data-testid={`${id}-add`} onClick={() => props.edit(props.path, [...list, props.empty])}>
        {t.catalog.add}
      </button>
    </div>
  );
}

function ServicesSection(props: FieldProps) {
  const { t, language } = useScope();
  const services = props.draft.services;
  const [index, setIndex] = useState(0);
  if (!services) return <p class="muted">{t.catalog.noServices}</p>;
  const service = services[index];
  const base = ['services', index] as const;
  const add = () => {
    const id = `service-${services.length + 1}`;
    props.edit(
      ['services'],
      [
        ...services,
        {
          id,
          title: t.catalog.newService,
          durationMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          category: service?.category,
        },
      ],
    );
    setIndex(services.length);
  };
  return (
    <div class="catalog-section" data-testid="catalog-services">
      <div class="row">
        <label class="field">
          <span>{t.service}</span>
          <select
            data-testid="catalog-service"
            value={String(index)}
            onChange={(e) => setIndex(Number((e.target as HTMLSelectElement).value))}
          >
            {services.map((s, i) => (
              <option value={String(i)}>{`${titleOf(s.title, language)} (${s.id})`}</option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="catalog-service-add" onClick={add}>
          {t.catalog.addService}
        </button>
      </div>
      {service ? (
        <>
          <TextField {...props} path={[...base, 'id']} label={t.catalog.id} />
          <TitleFields {...props} path={[...base, 'title']} label={t.catalog.name} />
          <label class="field">
            <span>{t.catalog.category}</span>
            <select
              data-testid={`f-services-${index}-category`}
              value={service.category ?? ''}
              onChange={(e) => props.edit([...base, 'category'], (e.target as HTMLSelectElement).value || undefined)}
            >
              <option value="">—</option>
              {props.draft.departments.map((d) => (
                <option value={d.id}>{titleOf(d.title, language)}</option>
              ))}
            </select>
          </label>
          <div class="row">
            <NumberField {...props} path={[...base, 'durationMinutes']} label={t.catalog.duration} />
            <NumberField {...props} path={[...base, 'bufferBeforeMinutes']} label={t.catalog.bufferBefore} />
            <NumberField {...props} path={[...base, 'bufferAfterMinutes']} label={t.catalog.bufferAfter} />
          </div>
          <div class="row">
            <NumberField
              {...props}
              path={[...base, 'price', 'amount']}
              label={t.catalog.price}
              optional
              edit={(_path, value) =>
                props.edit(
                  [...base, 'price'],
                  value === undefined ? undefined : { currency: service.price?.currency ?? 'GBP', amount: value },
                )
              }
            />
            {service.price ? (
              <TextField {...props} path={[...base, 'price', 'currency']} label={t.catalog.currency} />
            ) : null}
          </div>
          <fieldset>
            <legend>{t.catalog.offeredAt}</legend>
            {props.draft.locations.map((l) => {
              const chosen = service.locations ?? [];
              return (
                <label class="check">
                  <input
                    type="checkbox"
                    data-testid={`f-services-${index}-locations-${l.id}`}
                    checked={chosen.includes(l.id)}
                    onChange={(e) => {
                      const on = (e.target as HTMLInputElement).checked;
                      const next = on ? [...chosen, l.id] : chosen.filter((x) => x !== l.id);
                      props.edit([...base, 'locations'], next.length ? next : undefined);
                    }}
                  />
                  {titleOf(l.title, language)}
                </label>
              );
            })}
            <small class="muted">{t.catalog.offeredAtHint}</small>
          </fieldset>
          <h2>{t.catalog.serviceRules}</h2>
          <p class="muted">{t.catalog.serviceRulesHint}</p>
          <div class="row">
            <NumberField {...props} path={[...base, 'stepMinutes']} label={t.catalog.rule.stepMinutes} optional />
            <NumberField
              {...props}
              path={[...base, 'minNoticeMinutes']}
              label={t.catalog.rule.minNoticeMinutes}
              optional
            />
            <NumberField {...props} path={[...base, 'windowDays']} label={t.catalog.rule.windowDays} optional />
            <NumberField {...props} path={[...base, 'holdMinutes']} label={t.catalog.rule.holdMinutes} optional />
            <NumberField
              {...props}
              path={[...base, 'maxOpenPerCustomer']}
              label={t.catalog.rule.maxOpenPerCustomer}
              optional
            />
          </div>
          <button
            type="button"
            data-testid="catalog-service-remove"
            onClick={() => {
              props.edit(
                ['services'],
                services.filter((_, j) => j !== index),
              );
              setIndex(0);
            }}
          >
            {t.catalog.removeService}
          </button>
        </>
      ) : null}
    </div>
  );
}

function StaffSection(props: FieldProps) {
  const { t, language } = useScope();
  const [index, setIndex] = useState(0);
  const member = props.draft.staff[index];
  if (!member) return <p class="muted">{t.noStaff}</p>;
  const base = ['staff', index] as const;
  return (
    <div class="catalog-section" data-testid="catalog-staff">
      <label class="field">
        <span>{t.catalog.staff}</span>
        <select
          data-testid="catalog-member"
          value={String(index)}
          onChange={(e) => setIndex(Number((e.target as HTMLSelectElement).value))}
        >
          {props.draft.staff.map((m, i) => (
            <option value={String(i)}>{titleOf(m.name, language)}</option>
          ))}
        </select>
      </label>
      <TitleFields {...props} path={[...base, 'name']} label={t.catalog.name} />
      <NumberField {...props} path={[...base, 'dailyCapacity']} label={t.catalog.dailyCapacity} optional />
      <fieldset>
        <legend>{t.catalog.takes}</legend>
        {(props.draft.services ?? []).map((s) => (
          <label class="check">
            <input
              type="checkbox"
              data-testid={`f-staff-${index}-services-${s.id}`}
              checked={member.services.includes(s.id)}
              onChange={(e) => {
                const on = (e.target as HTMLInputElement).checked;
                props.edit(
                  [...base, 'services'],
                  on ? [...member.services, s.id] : member.services.filter((x) => x !== s.id),
                );
              }}
            />
            {titleOf(s.title, language)}
          </label>
        ))}
        {problemAt(props.problems, [...base, 'services']) ? (
          <small class="field-problem">{problemAt(props.problems, [...base, 'services'])}</small>
        ) : null}
      </fieldset>
      {Object.keys(member.hours).map((locationId) => {
        const place = props.draft.locations.find((l) => l.id === locationId);
        return (
          <>
            <h2>{t.catalog.hoursAt(place ? titleOf(place.title, language) : locationId)}</h2>
            <WeeklyFields {...props} path={[...base, 'hours', locationId]} />
          </>
        );
      })}
      <h2>{t.catalog.timeOff}</h2>
      <DatedList
        {...props}
        path={[...base, 'timeOff']}
        empty={{ from: '', to: '', reason: '' }}
        fields={(i) => (
          <>
            <TextField {...props} path={[...base, 'timeOff', i, 'from']} label={t.catalog.from} type="date" />
            <TextField {...props} path={[...base, 'timeOff', i, 'to']} label={t.catalog.to} type="date" />
            <TextField {...props} path={[...base, 'timeOff', i, 'reason']} label={t.catalog.reason} optional />
          </>
        )}
      />
    </div>
  );
}

const RULES = [
  'slotMinutes',
  'bufferMinutes',
  'minNoticeMinutes',
  'windowDays',
  'holdMinutes',
  'stepMinutes',
  'maxOpenPerCustomer',
] as const;

function RulesSection(props: FieldProps) {
  const { t } = useScope();
  const reminders = (props.draft.booking.reminders as string[] | undefined) ?? [];
  return (
    <div class="catalog-section" data-testid="catalog-rules">
      <p class="muted">{t.catalog.rulesHint}</p>
      <div class="row">
        {RULES.map((rule) => (
          <NumberField
            {...props}
            path={['booking', rule]}
            label={t.catalog.rule[rule]}
            optional={rule === 'stepMinutes' || rule === 'maxOpenPerCustomer'}
          />
        ))}
      </div>
      <Field problems={props.problems} path={['booking', 'reminders']} label={t.catalog.reminders}>
        {(a11y) => (
          <input
            {...a11y}
            value={reminders.join(', ')}
            onChange={(e) =>
              props.edit(
                ['booking', 'reminders'],
                (e.target as HTMLInputElement).value
                  .split(',')
                  .map((x) => x.trim())
                  .filter(Boolean),
              )
            }
          />
        )}
      </Field>
    </div>
  );
}

/** The audit log: who changed the catalog, when, and each change from → to. */
function HistorySection() {
  const { t, api, changes, catalog } = useScope();
  const [revisions, setRevisions] = useState<Revision[] | undefined>();
  const zone = catalog.locations[0]?.timeZone ?? 'UTC';
  useEffect(() => {
    void api.get<{ revisions: Revision[] }>('/api/catalog/revisions').then((r) => setRevisions(r.revisions));
  }, [changes]);
  if (!revisions) return <p>{t.loading}</p>;
  return (
    <ol class="history" data-testid="catalog-history" reversed>
      {revisions.map((r) => (
        <li data-testid={`revision-${r.id}`}>
          <p>
            <strong>{t.catalog.revision(r.id)}</strong> · {longWhen(r.createdAt, zone, t.locale)} ·{' '}
            <span data-testid={`revision-${r.id}-author`}>{r.author}</span> · {t.catalog.sources[r.source]}
          </p>
          {r.changes.length === 0 ? (
            <p class="muted">{r.basedOn === 0 ? t.catalog.seeded : t.catalog.noChanges}</p>
          ) : (
            <ul>
              {r.changes.map((c) => (
                <li>
                  <code>{c.path}</code>: {changeText(t, c)}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

function changeText(t: ConsoleStrings, c: Change): string {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (c.before === undefined) return t.catalog.added(show(c.after));
  if (c.after === undefined) return t.catalog.removed(show(c.before));
  return `${show(c.before)} → ${show(c.after)}`;
}

/** Upcoming bookings the catalog no longer fits: a person decides (open, then move or cancel); nothing moved them. */
function OutsideList(props: { bookings: Outside[] }) {
  const { t, catalog, title } = useScope();
  if (props.bookings.length === 0) return null;
  return (
    <section class="outside" data-testid="catalog-outside" aria-labelledby="outside-title">
      <h2 id="outside-title">{t.catalog.outsideTitle(props.bookings.length)}</h2>
      <p class="muted">{t.catalog.outsideHint}</p>
      <ul>
        {props.bookings.map((b) => {
          const place = catalog.locations.find((l) => l.id === b.locationId);
          const zone = place?.timeZone ?? 'UTC';
          return (
            <li data-testid={`outside-${b.id}`}>
              <a
                href={routeHash({ view: 'day', location: b.locationId, date: localDate(b.start, zone), booking: b.id })}
              >
                {longWhen(b.start, zone, t.locale)} · {b.name ?? '—'} · {place ? title(place.title) : b.locationId}
              </a>{' '}
              — {t.catalog.reasons[b.reason as keyof ConsoleStrings['catalog']['reasons']] ?? b.reason}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
