import { useState } from 'preact/hooks';
import { titleOf } from './api.ts';
import {
  DatedList,
  Field,
  IntervalsField,
  NumberField,
  TextField,
  TitleFields,
  WeeklyFields,
  type FieldProps,
} from './catalog-fields.tsx';
import { getIn, problemAt } from './catalog-doc.ts';
import { useScope } from './context.ts';
import { todayAt } from './time.ts';

export function LocationsSection(props: FieldProps) {
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

export function ServicesSection(props: FieldProps) {
  const { t, language } = useScope();
  const services = props.draft.services;
  const [index, setIndex] = useState(0);
  if (!services) return <p class="muted">{t.catalog.noServices}</p>;
  const service = services[index];
  const base = ['services', index] as const;
  const add = () => {
    let n = services.length + 1;
    while (services.some((s) => s.id === `service-${n}`)) n++;
    const id = `service-${n}`;
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
          {/* Bookings and staff name a saved service by its id: only a new one's can be chosen. */}
          {props.saved.services?.some((s) => s.id === service.id) ? null : (
            <TextField {...props} path={[...base, 'id']} label={t.catalog.id} />
          )}
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
                  value === undefined
                    ? undefined
                    : {
                        currency: service.price?.currency ?? services.find((s) => s.price)?.price?.currency ?? '',
                        amount: value,
                      },
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

export function StaffSection(props: FieldProps) {
  const { t, language } = useScope();
  const [index, setIndex] = useState(0);
  const member = props.draft.staff[index];
  if (!member) return <p class="muted">{t.noStaff}</p>;
  const base = ['staff', index] as const;
  const firstPlace = props.draft.locations.find((l) => l.id in member.hours);
  const today = todayAt(firstPlace?.timeZone ?? 'UTC');
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
        more={{ label: t.catalog.addPartDay, empty: { from: `${today}T09:00`, to: `${today}T12:00`, reason: '' } }}
        fields={(i) => {
          // Whole days, or a stretch between two local moments (src/catalog/schema.ts).
          const moments = String(getIn(props.draft, [...base, 'timeOff', i, 'from']) ?? '').length > 10;
          const type = moments ? 'datetime-local' : 'date';
          return (
            <>
              <TextField {...props} path={[...base, 'timeOff', i, 'from']} label={t.catalog.from} type={type} />
              <TextField {...props} path={[...base, 'timeOff', i, 'to']} label={t.catalog.to} type={type} />
              <TextField {...props} path={[...base, 'timeOff', i, 'reason']} label={t.catalog.reason} optional />
            </>
          );
        }}
      />
    </div>
  );
}

export const RULES = [
  'slotMinutes',
  'bufferMinutes',
  'minNoticeMinutes',
  'windowDays',
  'holdMinutes',
  'stepMinutes',
  'maxOpenPerCustomer',
] as const;

export function RulesSection(props: FieldProps) {
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
