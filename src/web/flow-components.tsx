import type { JSX } from 'preact';
import { condition, flag, resolve, text, type BindingScope } from './bindings.ts';
import { CalendarPicker } from './calendar.tsx';
import { phoneStrings } from './phone-strings.ts';

export type Component = Record<string, any>;
export type Action = { name: string; next?: { name: string }; payload?: Record<string, unknown> };

export interface ComponentProps {
  readonly scope: BindingScope;
  readonly setField: (name: string, value: unknown, onSelect?: Action) => void;
  readonly act: (action: Action) => void;
  readonly canSubmit: boolean;
  readonly busy: boolean;
  /** The customer's language: the client's own labels (a calendar's month and weekday names) follow it. */
  readonly language: string;
}

type Option = { id: string; title: string; enabled?: boolean; description?: string };

function options(component: Component, scope: BindingScope): Option[] {
  const source = resolve(component['data-source'], scope);
  return Array.isArray(source) ? (source as Option[]) : [];
}

/**
 * The inputs a screen collects, through If branches and Form wrappers: used for `init-value` and for
 * `required` checks (`visibleOnly`: a hidden input cannot be filled in, so it does not hold Continue back).
 */
export function inputsOf(children: Component[], scope: BindingScope, visibleOnly = false): Component[] {
  return children.flatMap((c) => {
    if (visibleOnly && !flag(c.visible, scope)) return [];
    if (c.type === 'If')
      return inputsOf(condition(String(c.condition), scope) ? (c.then ?? []) : (c.else ?? []), scope, visibleOnly);
    // A Form (Meta's Builder template wraps every screen in one) only groups its children.
    if (c.type === 'Form') return inputsOf(c.children ?? [], scope, visibleOnly);
    return typeof c.name === 'string' ? [c] : [];
  });
}

/** Renders one Flow JSON component (docs/protocol.md §4) as the WhatsApp client would, roughly. */
export function FlowComponent({ c, ...p }: ComponentProps & { c: Component }): JSX.Element | null {
  const { scope } = p;
  // `visible` (Dynamic, default true) hides a component and keeps it out of the form's checks.
  if (!flag(c.visible, scope)) return null;
  const value = typeof c.name === 'string' ? scope.form[c.name] : undefined;
  const enabled = flag(c.enabled, scope) && !p.busy;
  const label = text(c.label, scope);
  switch (c.type) {
    case 'TextHeading':
      return <h2 class="fl-heading">{text(c.text, scope)}</h2>;
    case 'TextSubheading':
      return <h3 class="fl-subheading">{text(c.text, scope)}</h3>;
    case 'TextBody':
      return <p class="fl-body">{text(c.text, scope)}</p>;
    case 'TextCaption':
      return <p class="fl-caption">{text(c.text, scope)}</p>;
    case 'TextInput':
    case 'TextArea': {
      const kind =
        (
          { email: 'email', phone: 'tel', number: 'number', password: 'password', passcode: 'password' } as Record<
            string,
            string
          >
        )[c['input-type']] ?? 'text';
      const onInput = (e: Event) => p.setField(c.name, (e.currentTarget as HTMLInputElement).value);
      return (
        // biome-ignore lint/a11y/noLabelWithoutControl: the control is the input or textarea inside, chosen below.
        <label class="fl-field">
          <span>
            {label}
            {c.required ? ' *' : ''}
          </span>
          {c.type === 'TextArea' ? (
            <textarea
              name={c.name}
              data-testid={`input-${c.name}`}
              value={String(value ?? '')}
              maxLength={c['max-length'] ?? 600}
              onInput={onInput}
              disabled={!enabled}
            />
          ) : (
            <input
              name={c.name}
              data-testid={`input-${c.name}`}
              type={kind}
              value={String(value ?? '')}
              onInput={onInput}
              disabled={!enabled}
            />
          )}
          {c['helper-text'] ? <small>{text(c['helper-text'], scope)}</small> : null}
        </label>
      );
    }
    case 'Dropdown':
      return (
        <label class="fl-field">
          <span>{label}</span>
          <select
            name={c.name}
            data-testid={`input-${c.name}`}
            disabled={!enabled}
            value={String(value ?? '')}
            onChange={(e) => p.setField(c.name, (e.currentTarget as HTMLSelectElement).value, c['on-select-action'])}
          >
            <option value="" disabled>
              —
            </option>
            {options(c, scope).map((o) => (
              <option value={o.id} disabled={o.enabled === false}>
                {o.title}
              </option>
            ))}
          </select>
        </label>
      );
    case 'RadioButtonsGroup':
    case 'CheckboxGroup': {
      const multi = c.type === 'CheckboxGroup';
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset class="fl-group" data-testid={`input-${c.name}`}>
          <legend>{label}</legend>
          {options(c, scope).map((o) => (
            <label class="fl-choice">
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={c.name}
                value={o.id}
                disabled={!enabled || o.enabled === false}
                checked={multi ? chosen.includes(o.id) : value === o.id}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  const next = multi ? (on ? [...chosen, o.id] : chosen.filter((x) => x !== o.id)) : o.id;
                  p.setField(c.name, next, c['on-select-action']);
                }}
              />
              {o.title}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'DatePicker':
      return (
        <label class="fl-field">
          <span>{label}</span>
          <input
            type="date"
            name={c.name}
            data-testid={`input-${c.name}`}
            min={text(c['min-date'], scope) || undefined}
            max={text(c['max-date'], scope) || undefined}
            value={String(value ?? '')}
            disabled={!enabled}
            onChange={(e) => p.setField(c.name, (e.currentTarget as HTMLInputElement).value, c['on-select-action'])}
          />
        </label>
      );
    case 'CalendarPicker': {
      const unavailable = resolve(c['unavailable-dates'], scope);
      const days = resolve(c['include-days'], scope);
      return (
        <CalendarPicker
          name={c.name}
          label={label}
          value={typeof value === 'string' ? value : undefined}
          min={text(c['min-date'], scope) || undefined}
          max={text(c['max-date'], scope) || undefined}
          unavailable={Array.isArray(unavailable) ? unavailable.map(String) : []}
          includeDays={Array.isArray(days) ? days.map(String) : undefined}
          enabled={enabled}
          language={p.language}
          onPick={(date) => p.setField(c.name, date, c['on-select-action'])}
        />
      );
    }
    case 'OptIn':
      return (
        <label class="fl-optin">
          <input
            type="checkbox"
            name={c.name}
            data-testid={`input-${c.name}`}
            checked={value === true}
            disabled={!enabled}
            onChange={(e) => p.setField(c.name, (e.currentTarget as HTMLInputElement).checked)}
          />
          <span>{label}</span>
          {c['on-click-action'] ? (
            <button type="button" class="fl-link" data-testid="read-more" onClick={() => p.act(c['on-click-action'])}>
              {phoneStrings(p.language).readMore}
            </button>
          ) : null}
        </label>
      );
    case 'EmbeddedLink':
      return (
        <button type="button" class="fl-link" onClick={() => p.act(c['on-click-action'])}>
          {text(c.text, scope)}
        </button>
      );
    case 'Footer':
      return (
        <button
          type="button"
          class="fl-footer"
          data-testid="flow-footer"
          disabled={!p.canSubmit || p.busy}
          onClick={() => p.act(c['on-click-action'])}
        >
          {label}
        </button>
      );
    case 'Form':
      return (
        <>
          {(c.children as Component[] | undefined)?.map((child) => (
            <FlowComponent c={child} {...p} />
          ))}
        </>
      );
    case 'If': {
      const branch: Component[] = condition(String(c.condition), scope) ? (c.then ?? []) : (c.else ?? []);
      return (
        <>
          {branch.map((child) => (
            <FlowComponent c={child} {...p} />
          ))}
        </>
      );
    }
    default:
      return <p class="fl-unsupported">[{String(c.type)}]</p>;
  }
}
