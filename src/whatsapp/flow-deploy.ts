import { BadRequestError, ConfigError } from '../errors.ts';
import type { GraphClient } from './graph.ts';
import {
  createFlow,
  getFlow,
  publishFlow,
  updateFlowMetadata,
  uploadFlowJson,
  type FlowValidationIssue,
} from './flows-api.ts';

/**
 * The name `flowbook flow deploy` gives a new Flow, the sandbox's Flow, and the Flow the `appointment_booking`
 * template's button names (templates/appointment_booking.yaml; a test keeps them equal).
 */
export const DEFAULT_FLOW_NAME = 'flowbook appointments';

export interface DeployFlowOptions {
  /** The Flow JSON file's text (uploaded as is, so Meta's line numbers match it) or an object. */
  readonly flowJson: string | object;
  /** Name for a newly created Flow. */
  readonly name: string;
  /** Set on the Flow when given; a Flow needs one before it can be published (docs/protocol.md §5). */
  readonly endpointUri?: string | undefined;
  /** Update this Flow when it is still a draft; otherwise a new Flow is created. */
  readonly flowId?: string | undefined;
  /** Needed only when a Flow has to be created. */
  readonly wabaId?: string | undefined;
  readonly publish: boolean;
  readonly categories?: readonly string[];
}

export interface DeployFlowResult {
  readonly flowId: string;
  readonly created: boolean;
  /** The published (or otherwise frozen) Flow this deploy could not edit and replaced. */
  readonly replacedFlowId: string | undefined;
  readonly published: boolean;
  readonly validationErrors: readonly FlowValidationIssue[];
  /** `flow.json:12:5: INVALID_PROPERTY_VALUE: …`, one line per validation error. */
  readonly errorLines: readonly string[];
}

/** Formats one validation error as `file:line:column: type: message` (line/column 1-based, when known). */
export function formatValidationError(issue: FlowValidationIssue, file = 'flow.json'): string {
  const where =
    issue.line_start === undefined
      ? file
      : `${file}:${issue.line_start}:${issue.column_start ?? 1}` +
        (issue.line_end !== undefined && issue.line_end !== issue.line_start
          ? `-${issue.line_end}:${issue.column_end ?? 1}`
          : '');
  return `${where}: ${issue.error_type ?? issue.error}: ${issue.message}`;
}

/**
 * Create-or-update, upload the Flow JSON, set the endpoint, then publish when asked and Meta found no
 * validation errors. A Flow that is no longer a draft cannot be edited (docs/protocol.md §5): a new one is created
 * and `replacedFlowId` names the old one, so the operator can point FLOW_ID at the new id.
 */
export async function deployFlow(client: GraphClient, options: DeployFlowOptions): Promise<DeployFlowResult> {
  const text = typeof options.flowJson === 'string' ? options.flowJson : JSON.stringify(options.flowJson, null, 2);
  try {
    JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`the Flow JSON does not parse: ${(error as Error).message}`);
  }

  let flowId = options.flowId;
  let replacedFlowId: string | undefined;
  if (flowId !== undefined) {
    const current = await getFlow(client, flowId);
    if (current.status !== 'DRAFT') {
      replacedFlowId = flowId;
      flowId = undefined;
    }
  }

  const created = flowId === undefined;
  if (flowId === undefined) {
    if (options.wabaId === undefined) throw new ConfigError(['WABA_ID is required to create a Flow']);
    const flow = await createFlow(client, options.wabaId, {
      name: options.name,
      endpointUri: options.endpointUri,
      ...(options.categories === undefined ? {} : { categories: options.categories }),
    });
    flowId = flow.id;
  }

  const { validationErrors } = await uploadFlowJson(client, flowId, text);
  if (!created && options.endpointUri !== undefined) {
    await updateFlowMetadata(client, flowId, { endpointUri: options.endpointUri });
  }
  const published = options.publish && validationErrors.length === 0;
  if (published) await publishFlow(client, flowId);
  return {
    flowId,
    created,
    replacedFlowId,
    published,
    validationErrors,
    errorLines: validationErrors.map((issue) => formatValidationError(issue)),
  };
}
