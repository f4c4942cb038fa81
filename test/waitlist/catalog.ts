/** The waitlist tests' catalog: one chair at "The Clinic" in London, open the same hours every day. */
export const ZONE = 'Europe/London';

export function oneChairCatalog(opts: {
  readonly close: string;
  readonly windowDays: number;
  readonly maxDays: number;
}): string {
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  return `
business: { name: Waitlist Test, defaultLanguage: en_GB }
booking: { slotMinutes: 30, minNoticeMinutes: 0, windowDays: ${opts.windowDays}, holdMinutes: 10, reminders: [] }
waitlist: { offerMinutes: 15, maxDays: ${opts.maxDays} }
departments:
  - { id: consult, title: { en: Consultation, es: Consulta } }
locations:
  - id: clinic
    title: { en: The Clinic }
    address: 1 Test Street, London
    timeZone: ${ZONE}
    capacity: { consult: 1 }
    hours:
${days.map((d) => `      ${d}: [["10:00", "${opts.close}"]]`).join('\n')}
`;
}
