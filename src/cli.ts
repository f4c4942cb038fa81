import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerBookingCommands } from './booking/export.ts';
import { loadCatalog } from './catalog/load.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/index.ts';
import { FlowbookError } from './errors.ts';
import { registerKeyCommands, registerTokenCommand } from './flows/cli.ts';
import { ensureSandboxKey, publicKeyPem } from './flows/keys.ts';
import { registerFlowValidateCommand } from './flows/validate/cli.ts';
import { createLogger } from './log.ts';
import { BUILTIN_TEMPLATES_DIR } from './templates/load.ts';
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
  const privateKey = () => config.privateKey ?? ensureSandboxKey(config.dataDir);
  const catalog = () => loadCatalog(config.businessConfigPath);
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

  const program = new Command('flowbook').description('Appointments on WhatsApp').version(version);
  registerKeyCommands(program);
  registerTokenCommand(program, { privateKey, catalog, clock: Date.now });
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
  registerBookingCommands(program, {
    openDatabase: ({ migrate }) =>
      openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: createLogger('warn'), migrate }),
    catalog,
    clock: () => new Date(),
  });
  registerEmulatorCommand(program, { appSecret: config.appSecrets[0] });
  await program.parseAsync(argv);
}

run(process.argv).catch((error: unknown) => {
  console.error(error instanceof FlowbookError ? `flowbook: ${error.message}` : error);
  process.exitCode = 1;
});
