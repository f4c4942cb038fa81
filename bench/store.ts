// Shared by the console's benches: flowbook in this process on a temp DATA_DIR (embedded PGlite) with a
// one-location catalog, "Store", open 08:00–20:00 every day with 8 units of one service, "visit".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';

export const STORE_ZONE = 'Europe/London';

export interface BenchStore {
  readonly app: App;
  readonly url: string;
  /** Closes the app and removes its DATA_DIR. */
  close(): Promise<void>;
}

/** `windowDays`: how far ahead customers may book. */
export async function openBenchStore(windowDays: number): Promise<BenchStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-bench-store-'));
  const day = [['08:00', '20:00']];
  const catalogFile = path.join(dir, 'catalog.json');
  writeFileSync(
    catalogFile,
    JSON.stringify({
      business: { name: 'Bench Store', defaultLanguage: 'en_US' },
      booking: { slotMinutes: 30, minNoticeMinutes: 0, windowDays, holdMinutes: 10, maxOpenPerCustomer: 100 },
      departments: [{ id: 'visit', title: 'Visit' }],
      locations: [
        {
          id: 'store',
          title: 'Store',
          address: '1 Bench Road',
          timeZone: STORE_ZONE,
          capacity: { visit: 8 },
          hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
        },
      ],
    }),
  );
  const config = loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    APP_SECRET: 'sandbox-secret',
    LOG_LEVEL: 'silent',
    BUSINESS_CONFIG: catalogFile,
  });
  const app = await createApp({ config, log: createLogger('silent') });
  const url = await app.server.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
