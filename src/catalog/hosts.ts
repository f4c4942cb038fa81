import type { StaffEntry } from './schema.ts';

/** A staff member's own calendar as it is read: an ICS address (`webcal://` read as https) or a CalDAV collection. */
export type CalendarAddress =
  | { readonly kind: 'ics'; readonly url: string }
  | { readonly kind: 'caldav'; readonly url: string; readonly username?: string; readonly passwordEnv?: string };

export function calendarAddress(calendar: NonNullable<StaffEntry['calendar']>): CalendarAddress {
  if ('ics' in calendar) return { kind: 'ics', url: calendar.ics.replace(/^webcal:/i, 'https:') };
  return { kind: 'caldav', url: calendar.caldav, username: calendar.username, passwordEnv: calendar.passwordEnv };
}

/**
 * Where an address the catalog holds points, for logs and the admin API: its host only. A staff
 * member's calendar address may be a secret itself (Google's secret address), so nothing else of it
 * is shown anywhere.
 */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid address)';
  }
}

/** Where addresses handed out point: PUBLIC_URL, else the address the request came to. */
export function publicBase(publicUrl: string | undefined, request: { protocol: string; host: string }): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}
