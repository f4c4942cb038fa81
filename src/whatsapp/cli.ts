import { readFile } from 'node:fs/promises';
import { createPublicKey } from 'node:crypto';
import type { Command } from 'commander';
import { commandGroup } from '../cli-group.ts';
import type { Config } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { FlowValidationError } from './errors.ts';
import { graphClientFromConfig, type GraphClient } from './graph.ts';
import { deployFlow, formatValidationError, getFlow, getPublicKeyStatus, uploadPublicKey } from './management.ts';
import { DEFAULT_FLOW_NAME } from './flow-deploy.ts';

export interface WhatsAppCommandDeps {
  readonly config: Config;
  /** The public half of the endpoint's key pair, PEM (docs/protocol.md §2.6). */
  readonly publicKeyPem: () => Promise<string>;
  readonly flowJsonPath: string;
  /** Default for `flow deploy --endpoint-uri`, e.g. `${PUBLIC_URL}/flow`. */
  readonly defaultEndpointUri?: string | undefined;
  /** Tests inject a client; by default one is built from `config` when a command runs. */
  readonly client?: GraphClient;
  /** Where lines go; default stdout. */
  readonly out?: (line: string) => void;
}

function required(value: string | undefined, variable: string, purpose: string): string {
  if (value === undefined) throw new ConfigError([`${variable} is required to ${purpose}`]);
  return value;
}

/**
 * Adds `keys upload`, `keys status`, `flow deploy` and `flow status` (actions are async: run the
 * program with `parseAsync`). Failures throw FlowbookErrors; the caller prints them and sets the
 * exit code.
 */
export function registerWhatsAppCommands(program: Command, deps: WhatsAppCommandDeps): void {
  const out = deps.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const client = () => deps.client ?? graphClientFromConfig(deps.config);
  const { graph } = deps.config;

  const keys = commandGroup(program, 'keys', 'Manage the Flow endpoint key pair');
  keys
    .command('upload')
    .description('Upload the business public key for PHONE_NUMBER_ID (docs/protocol.md §2.6)')
    .action(async () => {
      const phoneNumberId = required(graph.phoneNumberId, 'PHONE_NUMBER_ID', 'upload the public key');
      await uploadPublicKey(client(), phoneNumberId, await deps.publicKeyPem());
      out(`Uploaded the business public key for phone number id ${phoneNumberId}.`);
    });
  keys
    .command('status')
    .description("Show the uploaded key's signature status and whether it matches the local key")
    .action(async () => {
      const phoneNumberId = required(graph.phoneNumberId, 'PHONE_NUMBER_ID', 'read the key status');
      const status = await getPublicKeyStatus(client(), phoneNumberId);
      out(`Signature status: ${status.signatureStatus ?? 'unknown'}`);
      out(`Uploaded key matches the local key: ${await describeMatch(status.publicKey, deps.publicKeyPem)}`);
    });

  const flow = commandGroup(program, 'flow', 'Manage the WhatsApp Flow');
  flow
    .command('deploy')
    .description('Create or update the Flow, upload its JSON, set the endpoint, optionally publish')
    .option('--publish', 'publish when Meta reports no validation errors (irreversible)', false)
    .option('--endpoint-uri <url>', 'the Flow data endpoint URL', deps.defaultEndpointUri)
    .option('--name <name>', 'name for a newly created Flow', DEFAULT_FLOW_NAME)
    .action(async (options: { publish: boolean; endpointUri?: string; name: string }) => {
      const result = await deployFlow(client(), {
        flowJson: await readFile(deps.flowJsonPath, 'utf8'),
        name: options.name,
        endpointUri: options.endpointUri,
        flowId: graph.flowId,
        wabaId: graph.wabaId,
        publish: options.publish,
      });
      if (result.replacedFlowId !== undefined) {
        out(`Flow ${result.replacedFlowId} is no longer a draft and cannot be edited; created a new Flow.`);
      }
      out(`${result.created ? 'Created' : 'Updated'} Flow ${result.flowId}.`);
      if (result.created) out(`Set FLOW_ID=${result.flowId} to send this Flow.`);
      if (result.validationErrors.length > 0) {
        const lines = result.validationErrors.map((issue) => formatValidationError(issue, deps.flowJsonPath));
        for (const line of lines) out(line);
        throw new FlowValidationError(result.flowId, lines);
      }
      out(result.published ? 'Published.' : 'Not published (draft; run with --publish to publish).');
    });
  flow
    .command('status')
    .description('Show the status, endpoint, health and validation errors of FLOW_ID')
    .action(async () => {
      const flowId = required(graph.flowId, 'FLOW_ID', 'read the Flow status');
      const info = await getFlow(client(), flowId);
      out(`Flow ${info.id} (${info.name ?? 'unnamed'}): ${info.status ?? 'unknown status'}`);
      out(`JSON version ${info.jsonVersion ?? '?'}, data API ${info.dataApiVersion ?? '?'}`);
      out(`Endpoint: ${info.endpointUri ?? 'not set'}`);
      if (info.healthStatus !== undefined) out(`Health: ${JSON.stringify(info.healthStatus)}`);
      if (info.previewUrl !== undefined) out(`Preview: ${info.previewUrl}`);
      for (const issue of info.validationErrors) out(formatValidationError(issue, deps.flowJsonPath));
    });
}

async function describeMatch(uploaded: string | undefined, local: () => Promise<string>): Promise<string> {
  if (uploaded === undefined) return 'no key uploaded';
  let localPem: string;
  try {
    localPem = await local();
  } catch {
    return 'unknown (no local key)';
  }
  try {
    const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
    return der(uploaded).equals(der(localPem)) ? 'yes' : 'NO: run `keys upload`';
  } catch {
    return 'unknown (unreadable key)';
  }
}
