/**
 * What `${data.x}` and `${form.x}` read from (Flow JSON references, docs/protocol.md §4), and
 * `${screen.S.data.x}` / `${screen.S.form.x}` (4.0+): the screens of the route so far, by id.
 */
export interface BindingScope {
  readonly data: Readonly<Record<string, unknown>>;
  readonly form: Readonly<Record<string, unknown>>;
  readonly screens?: Readonly<
    Record<
      string,
      { readonly data: Readonly<Record<string, unknown>>; readonly form: Readonly<Record<string, unknown>> }
    >
  >;
}

const REFERENCE = String.raw`(?:screen\.([A-Za-z_]+)\.)?(data|form)\.([A-Za-z0-9_]+)`;
const WHOLE = new RegExp(String.raw`^\$\{${REFERENCE}\}$`);
const PART = new RegExp(String.raw`\$\{${REFERENCE}\}`, 'g');

function lookup(scope: BindingScope, screen: string | undefined, kind: 'data' | 'form', key: string): unknown {
  const from = screen === undefined ? scope : scope.screens?.[screen];
  return from?.[kind][key];
}

/**
 * Resolves a Flow JSON value: a string that is exactly one reference keeps the referenced value's
 * type (arrays for data-source, booleans for `enabled`); references inside text are interpolated;
 * objects and arrays (action payloads) are resolved recursively.
 */
export function resolve(value: unknown, scope: BindingScope): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(scope, whole[1], whole[2] as 'data' | 'form', whole[3]!);
    return value.replace(PART, (_m, screen: string | undefined, kind: 'data' | 'form', key: string) => {
      const v = lookup(scope, screen, kind, key);
      return v === undefined || v === null ? '' : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, scope));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, scope)]));
  }
  return value;
}

/** Text for a component: references interpolated. */
export function text(value: unknown, scope: BindingScope): string {
  const v = resolve(value, scope);
  return v === undefined || v === null ? '' : String(v);
}

/** `enabled`/`visible`-style flags: absent means true. */
export function flag(value: unknown, scope: BindingScope, fallback = true): boolean {
  if (value === undefined) return fallback;
  const v = resolve(value, scope);
  return v === true || v === 'true';
}

/**
 * An If condition: a reference, `!ref`, `a == b`, `a != b`, combined with `&&` / `||`.
 * Literals are quoted strings, numbers, true and false.
 */
export function condition(expression: string, scope: BindingScope): boolean {
  const or = expression.split('||');
  if (or.length > 1) return or.some((part) => condition(part, scope));
  const and = expression.split('&&');
  if (and.length > 1) return and.every((part) => condition(part, scope));
  const e = expression
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  const comparison = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(e);
  if (comparison) {
    const equal = operand(comparison[1]!, scope) === operand(comparison[3]!, scope);
    return comparison[2] === '==' ? equal : !equal;
  }
  if (e.startsWith('!')) return !condition(e.slice(1), scope);
  const v = operand(e, scope);
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}

function operand(token: string, scope: BindingScope): unknown {
  const t = token.trim();
  if (WHOLE.test(t)) return resolve(t, scope);
  if (/^'.*'$|^".*"$/.test(t)) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

/** Right-to-left languages among WhatsApp's (docs/protocol.md §8): Arabic, Persian, Hebrew, Urdu. */
export function directionOf(language: string): 'rtl' | 'ltr' {
  // The right-to-left languages of src/templates/languages.ts (prs: Dari); kept here so the page bundle stays small.
  return /^(ar|prs|fa|he|ur)(_|$)/.test(language) ? 'rtl' : 'ltr';
}
