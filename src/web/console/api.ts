import { call } from '../api.ts';

/** Who is signed in, as `GET /console/api/me` answers. */
export interface Me {
  user: { username: string; displayName: string; role: 'owner' | 'staff'; locations: string[] };
  csrfToken: string;
  business: string;
  sandbox: boolean;
}

export interface ApiError {
  code: string;
  message: string;
  details?: { field?: string } & Record<string, unknown>;
}

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

/**
 * The console's calls: the session cookie goes by itself, every write carries the CSRF token, and a
 * write refused for a stale token (after a sign-in elsewhere) is retried once with a fresh one.
 */
export function consoleApi(me: Me, onMe: (me: Me) => void) {
  let csrf = me.csrfToken;
  async function send<T>(method: string, url: string, body?: unknown, retried = false): Promise<T> {
    const write = method !== 'GET';
    const response = await fetch(url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(write ? { 'x-csrf-token': csrf } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const parsed = (await response.json().catch(() => ({}))) as { error?: ApiError };
    if (response.ok) return parsed as T;
    const error = parsed.error ?? { code: 'FB_HTTP', message: `HTTP ${response.status}` };
    if (write && !retried && error.code === 'FB_CSRF') {
      const fresh = await call<Me>('GET', '/console/api/me');
      if (fresh.status === 200) {
        csrf = fresh.body.csrfToken;
        onMe(fresh.body);
        return send(method, url, body, true);
      }
    }
    throw new ConsoleApiError(response.status, error);
  }
  return {
    get: <T>(url: string) => send<T>('GET', url),
    post: <T>(url: string, body?: unknown) => send<T>('POST', url, body ?? {}),
    put: <T>(url: string, body: unknown) => send<T>('PUT', url, body),
    delete: <T>(url: string) => send<T>('DELETE', url),
  };
}

export type ConsoleApi = ReturnType<typeof consoleApi>;

/** A booking as `GET /api/bookings` sends it. */
export interface BookingView {
  id: string;
  status: 'held' | 'confirmed' | 'cancelled' | 'expired';
  locationId: string;
  serviceId: string;
  departmentId: string;
  staffId: string | null;
  unitId: string;
  start: string;
  end: string;
  customerPhone: string | null;
  language: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  notes: string | null;
  holdExpiresAt: string | null;
  cancelReason: string | null;
  rescheduleCount: number;
  attendance: 'arrived' | 'no_show' | 'completed' | null;
  source: 'whatsapp' | 'walk_in' | 'phone';
  bookedBy: string | null;
  cancelledBy: string | null;
  version: number;
}

export interface Note {
  id: number;
  author: string;
  body: string;
  at: string;
}

type Title = string | Record<string, string>;
type Hours = Record<string, [string, string][]>;

/** What the console needs of `GET /api/catalog`. */
export interface CatalogView {
  business: { name: string; defaultLanguage: string };
  hasServices: boolean;
  services: { id: string; title: Title; category: string | null; locations: string[]; staff: string[] }[];
  staff: { id: string; name: string; services: string[]; locations: string[]; hours: Record<string, Hours> }[];
  locations: {
    id: string;
    title: Title;
    timeZone: string;
    /** The anonymous units per service or department (the catalog's `capacity`). */
    units: Record<string, number>;
    hours: Hours;
    closures?: { from: string; to: string; reason?: string }[];
    specialDays?: { date: string; hours: [string, string][] }[];
  }[];
}

/** A catalog title in the console's language, else English, else the first written. */
export function titleOf(title: Title | undefined, language: string): string {
  if (title === undefined) return '';
  if (typeof title === 'string') return title;
  return title[language] ?? title.en ?? Object.values(title)[0] ?? '';
}
