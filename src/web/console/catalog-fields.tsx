import type { ComponentChildren } from 'preact';
import {
  getIn,
  problemAt,
  WEEKDAYS,
  type CatalogDoc,
  type Intervals,
  type Path,
  type Problems,
  type Text,
} from './catalog-doc.ts';
import { useScope } from './context.ts';

export interface FieldProps {
  readonly draft: CatalogDoc;
  /** The catalog as last saved (ids that bookings already name stay as they are). */
  readonly saved: CatalogDoc;
  readonly problems: Problems;
  edit(path: Path, value: unknown): void;
}

/** A labelled control with the server's problem for its path beside it. */
export function Field(props: {
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

export function NumberField(props: FieldProps & { path: Path; label: string; optional?: boolean }) {
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

export function TextField(props: FieldProps & { path: Path; label: string; type?: string; optional?: boolean }) {
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
export function TitleFields(props: FieldProps & { path: Path; label: string }) {
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
export function IntervalsField(props: FieldProps & { path: Path; label: string }) {
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
              value={to === '24:00' ? '00:00' : to}
              {...bad}
              onInput={(e) => {
                // Closing at 00:00 is closing at midnight, the end of the day (the catalog's 24:00).
                const value = (e.target as HTMLInputElement).value;
                props.edit([...props.path, i, 1], value === '00:00' ? '24:00' : value);
              }}
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

export function WeeklyFields(props: FieldProps & { path: Path }) {
  const { t } = useScope();
  return (
    <div class="weekly">
      {WEEKDAYS.map((day) => (
        <IntervalsField {...props} path={[...props.path, day]} label={t.catalog.weekdays[day]} />
      ))}
    </div>
  );
}

/** A list of dated entries (closures, special days, time off): each its fields and a remove button, then add. */
export function DatedList(
  props: FieldProps & {
    path: Path;
    empty: object;
    fields: (i: number) => ComponentChildren;
    /** A second kind of entry (time off for part of a day). */
    more?: { readonly label: string; readonly empty: object };
  },
) {
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
      {props.more ? (
        <button
          type="button"
          data-testid={`${id}-add-more`}
          onClick={() => props.edit(props.path, [...list, props.more!.empty])}
        >
          {props.more.label}
        </button>
      ) : null}
    </div>
  );
}
