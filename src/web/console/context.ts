import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { BookingView, CatalogView, ConsoleApi, Me } from './api.ts';
import type { ConsoleLanguage, ConsoleStrings } from './strings.ts';

/** What every console view reads: who is signed in, their words, the catalog, and the API. */
export interface ConsoleScope {
  readonly me: Me;
  readonly t: ConsoleStrings;
  readonly language: ConsoleLanguage;
  readonly catalog: CatalogView;
  readonly api: ConsoleApi;
  /** Advances on every change the live feed reports: views refetch when it moves. */
  readonly changes: number;
  /** A catalog title in the console's language. */
  title(t: CatalogView['services'][number]['title']): string;
  go(route: Route): void;
}

export type Route =
  | { readonly view: 'day' | 'week'; readonly location: string; readonly date: string; readonly booking?: string }
  | { readonly view: 'customers'; readonly customer?: string }
  | { readonly view: 'catalog' }
  | { readonly view: 'operations' }
  | {
      readonly view: 'insights';
      /** Undefined: every location the user may see. */
      readonly location?: string;
      readonly from?: string;
      readonly to?: string;
    }
  | { readonly view: 'new'; readonly location: string; readonly date: string };

export const Scope = createContext<ConsoleScope | undefined>(undefined);

export function useScope(): ConsoleScope {
  const scope = useContext(Scope);
  if (!scope) throw new Error('console views render inside <Scope.Provider>');
  return scope;
}

/**
 * `#/day/kings-cross/2026-12-04`, `#/week/…`, `#/customers/447700900123`, `#/new/…`, `#/catalog`, `#/operations`,
 * `#/insights[/<location or all>/<from>/<to>]`
 */
export function routeHash(route: Route): string {
  if (route.view === 'catalog') return '#/catalog';
  if (route.view === 'operations') return '#/operations';
  if (route.view === 'insights') {
    if (!route.from || !route.to)
      return route.location ? `#/insights/${encodeURIComponent(route.location)}` : '#/insights';
    return `#/insights/${route.location ? encodeURIComponent(route.location) : 'all'}/${route.from}/${route.to}`;
  }
  if (route.view === 'customers')
    return route.customer ? `#/customers/${encodeURIComponent(route.customer)}` : '#/customers';
  const base = `#/${route.view}/${encodeURIComponent(route.location)}/${route.date}`;
  return route.view !== 'new' && route.booking ? `${base}/${route.booking}` : base;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseRoute(hash: string): Partial<Route> | undefined {
  const [view, a, b, c] = hash.replace(/^#\/?/, '').split('/');
  if (view === 'catalog') return { view };
  if (view === 'customers') return { view, ...(a ? { customer: decodeURIComponent(a) } : {}) };
  if (view === 'operations') return { view };
  if (view === 'insights') {
    const location = a && a !== 'all' ? decodeURIComponent(a) : undefined;
    const range = b && c && ISO_DATE.test(b) && ISO_DATE.test(c) ? { from: b, to: c } : {};
    return { view, ...(location ? { location } : {}), ...range };
  }
  if ((view === 'day' || view === 'week' || view === 'new') && a && b && /^\d{4}-\d{2}-\d{2}$/.test(b))
    return { view, location: decodeURIComponent(a), date: b, ...(c && view !== 'new' ? { booking: c } : {}) };
  return undefined;
}

/** A booking's service title from the catalog (its id when the catalog no longer has it). */
export function serviceTitleOf(
  scope: Pick<ConsoleScope, 'catalog' | 'title'>,
  b: Pick<BookingView, 'serviceId'>,
): string {
  const service = scope.catalog.services.find((s) => s.id === b.serviceId);
  return service ? scope.title(service.title) : b.serviceId;
}
