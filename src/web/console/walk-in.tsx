import { useState } from 'preact/hooks';
import type { BookingView } from './api.ts';
import { problemText } from './booking.tsx';
import { useScope } from './context.ts';
import { FreeTimePicker } from './free-times.tsx';

/** The languages the business's templates speak (templates/), offered for a walk-in's messages. */
const LANGUAGES: Record<string, string> = {
  en_US: 'English',
  en_GB: 'English (UK)',
  ar: 'العربية',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
  pt_BR: 'Português (Brasil)',
  tr: 'Türkçe',
  fa: 'فارسی',
  hi: 'हिन्दी',
};

/**
 * A booking made at the desk for a walk-in or a phone call (`POST /api/bookings`): a service offered
 * at the location, optionally a member of staff, a free local time, the customer's name and, when
 * given, the WhatsApp number the confirmation and reminders go to.
 */
export function NewBooking(props: { location: string; date: string }) {
  const scope = useScope();
  const { t, api, catalog, title, go } = scope;
  const location = catalog.locations.find((l) => l.id === props.location)!;
  const services = catalog.services.filter((s) => s.locations.includes(location.id));
  const [service, setService] = useState(services[0]?.id ?? '');
  const [staff, setStaff] = useState('');
  const [date, setDate] = useState(props.date);
  const [time, setTime] = useState<string | undefined>();
  const [problem, setProblem] = useState<{ text: string; field?: string | undefined } | undefined>();
  const chosen = catalog.services.find((s) => s.id === service);
  const members = catalog.staff.filter((m) => chosen?.staff.includes(m.id) && m.locations.includes(location.id));
  const invalid = (field: string) => (problem?.field === field ? { 'aria-invalid': true as const } : {});
  return (
    <section class="new-booking" aria-labelledby="new-title">
      <h1 id="new-title">
        {t.newBooking} · {title(location.title)}
      </h1>
      <form
        class="form-grid"
        data-testid="walk-in-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const value = (name: string) =>
            (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
          const source = (form.querySelector('input[name=source]:checked') as HTMLInputElement).value;
          const whatsapp = value('whatsapp');
          const notes = value('notes');
          try {
            const { booking } = await api.post<{ booking: BookingView }>('/api/bookings', {
              service,
              location: location.id,
              date,
              time,
              ...(staff ? { staff } : {}),
              name: value('name'),
              // No language chosen: the customer's stored one, else the business's (docs/console.md).
              ...(whatsapp ? { whatsapp, ...(value('language') ? { language: value('language') } : {}) } : {}),
              ...(notes ? { notes } : {}),
              source,
            });
            go({ view: 'day', location: location.id, date, booking: booking.id });
          } catch (error) {
            const field = (error as { error?: { details?: { field?: string } } }).error?.details?.field;
            setProblem({ text: problemText(t, error), field });
          }
        }}
      >
        <fieldset class="source">
          <legend>{t.source}</legend>
          <label>
            <input type="radio" name="source" value="walk_in" checked data-testid="source-walk_in" />{' '}
            {t.sources.walk_in}
          </label>
          <label>
            <input type="radio" name="source" value="phone" data-testid="source-phone" /> {t.sources.phone}
          </label>
        </fieldset>
        <label>
          {t.service}
          <select
            value={service}
            onChange={(e) => {
              setService(e.currentTarget.value);
              setStaff('');
            }}
            data-testid="walk-in-service"
          >
            {services.map((s) => (
              <option value={s.id}>{title(s.title)}</option>
            ))}
          </select>
        </label>
        {members.length > 0 ? (
          <label>
            {t.staff}
            <select value={staff} onChange={(e) => setStaff(e.currentTarget.value)} data-testid="walk-in-staff">
              <option value="">{t.anyStaff}</option>
              {members.map((m) => (
                <option value={m.id}>{m.name}</option>
              ))}
            </select>
          </label>
        ) : null}
        <FreeTimePicker
          service={service}
          location={location.id}
          staff={members.some((m) => m.id === staff) ? staff : undefined}
          date={date}
          onDate={setDate}
          zone={location.timeZone}
          value={time}
          onChange={setTime}
          testId="walk-in"
        />
        <label>
          {t.name}
          <input
            name="name"
            required
            maxLength={80}
            autocomplete="off"
            data-testid="walk-in-name"
            {...invalid('name')}
          />
        </label>
        <label>
          {t.whatsappOptional}
          <input
            name="whatsapp"
            type="tel"
            dir="ltr"
            autocomplete="off"
            placeholder="+44 7700 900123"
            data-testid="walk-in-whatsapp"
            {...invalid('whatsapp')}
          />
          <span class="hint">{t.whatsappHint}</span>
        </label>
        <label>
          {t.customerLanguage}
          <select name="language" data-testid="walk-in-language">
            <option value="">{t.theirOwnLanguage}</option>
            {Object.entries(LANGUAGES).map(([code, name]) => (
              <option value={code}>{name}</option>
            ))}
          </select>
        </label>
        <label class="wide">
          {t.notes}
          <textarea name="notes" maxLength={500} rows={2} data-testid="walk-in-notes" />
        </label>
        {problem ? (
          <p role="alert" class="error wide" data-testid="walk-in-problem">
            {problem.text}
          </p>
        ) : null}
        <div class="wide actions">
          <button type="submit" class="primary" disabled={!time} data-testid="walk-in-submit">
            {t.create}
          </button>
          <a class="button" href={`#/day/${encodeURIComponent(location.id)}/${props.date}`}>
            {t.close}
          </a>
        </div>
      </form>
    </section>
  );
}
