import { createPublicKey } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { onUserFile } from '../cli-files.ts';
import { SANDBOX_IDS } from '../config.ts';
import { UsageError } from '../errors.ts';
import { buildServer } from '../http/server.ts';
import { createLogger } from '../log.ts';
import { loadTemplates } from '../templates/index.ts';
import { webRoutes } from '../web/routes.ts';
import { parseFaultSpec } from './faults.ts';
import { FLOW_JSON_PATH } from './flow-json.ts';
import { createSandbox, type Sandbox } from './index.ts';

export interface EmulatorOptions {
  readonly webhookUrl: string;
  readonly endpointUrl: string;
  /** The other backend's public key (PEM), as it would upload it to Meta. */
  readonly publicKeyPem: string;
  readonly appSecret?: string | undefined;
  readonly flowJsonPath?: string;
  readonly faults?: string | undefined;
  readonly host?: string;
  readonly port?: number;
}

/**
 * Meta's side alone, for any backend (docs/sandbox.md): the Graph API emulator, the customer's client and
 * the phone page, calling the given webhook and Flow endpoint over HTTP.
 */
export async function startEmulator(
  options: EmulatorOptions,
): Promise<{ url: string; sandbox: Sandbox; server: FastifyInstance }> {
  const sandbox = createSandbox({
    publicKeyPem: options.publicKeyPem,
    appSecret: options.appSecret,
    ...SANDBOX_IDS,
    flowJsonPath: options.flowJsonPath ?? FLOW_JSON_PATH,
    templates: loadTemplates(),
    faults: parseFaultSpec(options.faults),
    clock: Date.now,
    pingEveryMs: 60_000,
    target: { webhookUrl: options.webhookUrl, endpointUrl: options.endpointUrl },
  });
  let ready = false;
  const server = await buildServer({
    log: createLogger('warn'),
    routes: [...sandbox.routes, webRoutes({ chat: true, secureCookies: false })],
    isReady: () => ready,
  });
  server.addHook('onClose', async () => sandbox.close());
  const url = await server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  sandbox.attach(server);
  ready = true;
  return { url, sandbox, server };
}

/** `flowbook emulator --webhook-url … --endpoint-url … --public-key FILE`. */
export function registerEmulatorCommand(program: Command, deps: { appSecret: string | undefined }): void {
  program
    .command('emulator')
    .description("run Meta's side (Graph API, a customer's WhatsApp, the phone page) against another backend")
    .requiredOption('--webhook-url <url>', "the backend's webhook, e.g. http://127.0.0.1:8080/webhook", httpUrl)
    .requiredOption(
      '--endpoint-url <url>',
      "the backend's Flow data endpoint, e.g. http://127.0.0.1:8080/flow",
      httpUrl,
    )
    .requiredOption('--public-key <file>', "the backend's Flow public key (PEM)")
    .option('--flow-json <file>', 'the Flow JSON the customer opens', FLOW_JSON_PATH)
    .option('--port <port>', 'where the emulator listens', port, 4000)
    .option('--faults <spec>', 'e.g. duplicate,reorder,latency=300,5xx=3,429=2', faults)
    .action(
      async (o: {
        webhookUrl: string;
        endpointUrl: string;
        publicKey: string;
        flowJson: string;
        port: number;
        faults?: string;
      }) => {
        onUserFile(o.flowJson, 'read', () => accessSync(o.flowJson, constants.R_OK));
        const { url } = await startEmulator({
          webhookUrl: o.webhookUrl,
          endpointUrl: o.endpointUrl,
          publicKeyPem: readPublicKey(o.publicKey),
          appSecret: deps.appSecret,
          flowJsonPath: o.flowJson,
          faults: o.faults,
          port: o.port,
        });
        console.log(`phone page:         ${url}/`);
        console.log(
          `Graph API emulator: ${url}/sandbox/graph  (set the backend's Graph base URL to this; any bearer token)`,
        );
        console.log(
          `phone number id ${SANDBOX_IDS.phoneNumberId}, WABA ${SANDBOX_IDS.wabaId}, Flow ${SANDBOX_IDS.flowId}`,
        );
        console.log('deliveries are signed with APP_SECRET when it is set');
      },
    );
}

function httpUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new InvalidArgumentError('Use an http:// or https:// URL.');
  return value;
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new InvalidArgumentError('Use a port number from 0 to 65535.');
  return n;
}

function faults(spec: string): string {
  try {
    parseFaultSpec(spec);
  } catch {
    throw new InvalidArgumentError('Use duplicate, reorder, latency=<ms>, 5xx=<n> and 429=<n>, separated by commas.');
  }
  return spec;
}

function readPublicKey(file: string): string {
  const pem = onUserFile(file, 'read', () => readFileSync(file, 'utf8'));
  try {
    createPublicKey(pem);
  } catch (error) {
    throw new UsageError(`${file} is not a PEM public key (make one with: flowbook keys generate)`, { cause: error });
  }
  return pem;
}
