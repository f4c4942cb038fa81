import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerBookingCommands } from './booking/export.ts';
import { registerCatalogCommands, storedCatalog } from './catalog/cli.ts';
import { loadCatalog } from './catalog/load.ts';
import { loadConfig } from './config.ts';
import { hasPgliteData, openDatabase } from './db/index.ts';
import { FlowbookError, UsageError } from './errors.ts';
import { registerKeyCommands, registerTokenCommand } from './flows/cli.ts';
import { existingSandboxKey, publicKeyPem } from './flows/keys.ts';
import { registerFlowValidateCommand } from './flows/validate/cli.ts';
import { createLogger } from './log.ts';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from './templates/load.ts';
import { registerPrivacyCommands } from './privacy/cli.ts';
import { registerUserCommands } from './console/cli.ts';
import { registerEmulatorCommand } from './sandbox/emulator.ts';
import { registerTemplateCommands } from './templates/cli.ts';
import { registerTemplatePushCommands } from './templates/push-cli.ts';
import { graphClientFromConfig } from './whatsapp/graph.ts';
import { registerWhatsAppCommands } from './whatsapp/cli.ts';

/** The shipped appointment Flow (docs/protocol.md §3). */
export const FLOW_JSON_PATH = fileURLToPath(new URL('../flows/appointment.json', import.meta.url));

/**
 * The CLI's composition root: like src/main.ts it may read the environment. Each command group
 * registers itself; this file only hands them their dependencies.
 */
async function run(argv: string[]): Promise<void> {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const config = loadConfig(process.env, { requireLiveSettings: false });
  // Only the server creates the sandbox key (and it or `db migrate` the embedded database): a
  // command that finds none says how to get one instead of leaving a fresh ./data behind.
  const privateKey = () => {
    const key = config.privateKey ?? existingSandboxKey(config.dataDir);
    if (key) return key;
    throw new UsageError(
      `no Flow private key: set PRIVATE_KEY_FILE (make one with: flowbook keys generate), or run npm start once to create the sandbox key in ${config.dataDir}/keys`,
    );
  };
  const catalog = () => loadCatalog(config.businessConfigPath);
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

  const program = new Command('flowbook').description('Appointments on WhatsApp').version(version);
  // Subcommands copy this when they are created, so it comes before any registration.
  program.configureOutput({ outputError: (text, write) => write(`flowbook: ${text.replace(/^error: /, '')}`) });
  registerKeyCommands(program);
  registerTokenCommand(program, {
    privateKey,
    catalog,
    languages: () => [...loadTemplates(BUILTIN_TEMPLATES_DIR).packs.keys()].sort(),
    clock: Date.now,
  });
  registerFlowValidateCommand(program);
  registerWhatsAppCommands(program, {
    config,
    publicKeyPem: async () => publicKeyPem(privateKey()),
    flowJsonPath: FLOW_JSON_PATH,
    defaultEndpointUri: config.publicUrl ? `${config.publicUrl.replace(/\/+$/, '')}/flow` : undefined,
  });
  registerTemplateCommands(program, { templatesDir: BUILTIN_TEMPLATES_DIR });
  registerTemplatePushCommands(program, {
    templatesDir: BUILTIN_TEMPLATES_DIR,
    wabaId: config.graph.wabaId,
    client: () => graphClientFromConfig(config),
  });
  const openStoredDatabase = async ({ migrate, create }: { migrate: boolean; create: boolean }) => {
    if (!create && !config.databaseUrl && !hasPgliteData(config.dataDir)) {
      throw new UsageError(`no bookings in ${config.dataDir} yet: run npm start first (or set DATABASE_URL)`);
    }
    return openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      log: createLogger('warn'),
      migrate,
    });
  };
  registerBookingCommands(program, {
    openDatabase: openStoredDatabase,
    catalog: (db) => storedCatalog(db, config.businessConfigPath),
    clock: () => new Date(),
  });
  registerCatalogCommands(program, {
    openDatabase: openStoredDatabase,
    file: config.businessConfigPath,
    clock: () => new Date(),
  });
  registerPrivacyCommands(program, { openDatabase: openStoredDatabase, clock: () => new Date() });
  registerUserCommands(program, {
    openDatabase: openStoredDatabase,
    clock: () => new Date(),
    locations: async (db) => (await storedCatalog(db, config.businessConfigPath)).locations.map((l) => l.id),
  });
  registerEmulatorCommand(program, { appSecret: config.appSecrets[0] });
  await program.parseAsync(argv);
}

/** `Invalid configuration:\n  - A\n  - B` as one line: `Invalid configuration: A; B`. */
function oneLine(message: string): string {
  return message.replace(/:\n\s*- /, ': ').replace(/\n\s*- /g, '; ');
}

// A FlowbookError is for the user to fix: one line. Anything else is a bug and keeps its stack.
run(process.argv).catch((error: unknown) => {
  console.error(error instanceof FlowbookError ? `flowbook: ${oneLine(error.message)}` : error);
  process.exitCode = 1;
});
