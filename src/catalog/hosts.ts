/**
 * Where an address the catalog holds points, for logs and the admin API: its host only. A staff
 * member's calendar address may be a secret itself (Google's secret address), so nothing else of it
 * is shown anywhere.
 */
export function hostOf(url: string): string {
  try {
    return new URL(url.replace(/^webcal:/i, 'https:')).host;
  } catch {
    return '(invalid address)';
  }
}
