import { loadConfig } from './config.ts';
import { createApp } from './app.ts';
import { FlowbookError } from './errors.ts';
import { createLogger } from './log.ts';

/**
 * The composition root: reads the environment (and `.env`), starts the server, stops cleanly on
 * SIGINT/SIGTERM. Nothing else reads process.env.
 */
async function main(): Promise<void> {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const started = performance.now();
  const app = await createApp({ config, log });
  const address = await app.server.listen({ port: config.port, host: config.host });
  log.info(
    { address, mode: config.mode, db: app.db.kind, startupMs: Math.round(performance.now() - started) },
    'flowbook ready',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGHUP', () => {
    app.reloadCatalog().then(
      (reported) => log.info({ reported }, 'catalog reloaded'),
      (error: unknown) => log.error({ err: error }, 'catalog reload refused; the previous catalog stays'),
    );
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // Configuration problems are for a person: print them plainly, every one, and exit.
  if (error instanceof FlowbookError) console.error(`flowbook: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
