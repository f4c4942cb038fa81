// Shared by the console's browser suites: the demo catalog with a Los Angeles store, axe-core's check, and
// the admin API (open in the sandbox).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import YAML from 'yaml';
import type { Harness } from './harness.ts';

export const LA = 'los-angeles';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The demo catalog with a Los Angeles store open every day 09:00–21:00. */
export function catalogWithLosAngeles(): string {
  const catalog = YAML.parse(readFileSync('catalog/demo.yaml', 'utf8')) as { locations: unknown[] };
  const day = [['09:00', '21:00']];
  catalog.locations.push({
    id: LA,
    title: { en: 'Los Angeles', ar: 'لوس أنجلوس', es: 'Los Ángeles' },
    address: '1 Main St, Los Angeles, CA',
    timeZone: 'America/Los_Angeles',
    capacity: { shopping: 2 },
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'flowbook-console-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalog));
  return file;
}

/** Serious and critical accessibility violations of the page as it stands (axe-core). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: the page's CSP (script-src 'self') refuses injected script tags.
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n: { target: string[] }) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

/** A call to the sandbox's admin API; anything but 2xx throws with the answer. */
export async function api<T = any>(h: Harness, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(h.url + url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
