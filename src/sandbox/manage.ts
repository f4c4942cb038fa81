import { validateFlowJson } from '../flows/validate/index.ts';
import { metaErrors } from './meta-errors.ts';
import { createTemplateEmulator, type TemplateEmulatorOptions } from './templates.ts';

export type { EmulatedTemplate } from './templates.ts';

export interface EmulatedFlow {
  readonly id: string;
  name: string;
  status: 'DRAFT' | 'PUBLISHED' | 'DEPRECATED' | 'THROTTLED' | 'BLOCKED';
  /** When Flow messages naming it were accepted (for the throttled Flow's hourly allowance). */
  sends: number[];
  json: string | undefined;
  endpointUri: string | undefined;
  validationErrors: unknown[];
}

/**
 * Meta's management side (docs/protocol.md §2.6, §5, §8): public keys per phone number, Flows with their JSON
 * checked by validateFlowJson, and message templates with Meta's states (src/sandbox/templates.ts).
 */
/** Meta lets a THROTTLED Flow be sent about this many times an hour (docs/protocol.md §11.3). */
const THROTTLED_PER_HOUR = 10;

export function createManagement(
  options: Omit<TemplateEmulatorOptions, 'newId' | 'clock'> & {
    clock?: () => number;
    /** A `flows` webhook value to deliver (FLOW_STATUS_CHANGE). */
    onFlowWebhook?: (value: Record<string, unknown>) => void;
  },
) {
  const keys = new Map<string, string>();
  const flows = new Map<string, EmulatedFlow>();
  let nextId = 1_000_000_000_000_000 + Math.floor(Math.random() * 1e6);
  const id = () => String(nextId++);
  const templateEmulator = createTemplateEmulator({ ...options, clock: options.clock ?? Date.now, newId: id });

  function setJson(flow: EmulatedFlow, json: string) {
    if (flow.status !== 'DRAFT')
      throw metaErrors.invalidParameter('a published Flow cannot be edited (docs/protocol.md §5)');
    flow.json = json;
    flow.validationErrors = validateFlowJson(json).errors.map(({ pointer: _pointer, ...e }) => e);
  }

  return {
    ...templateEmulator,
    keys,
    flows,
    uploadKey(phoneNumberId: string, pem: string | undefined) {
      if (!pem?.includes('BEGIN PUBLIC KEY'))
        throw metaErrors.invalidParameter('business_public_key must be a PEM public key');
      keys.set(phoneNumberId, pem);
      return { success: true };
    },
    keyStatus(phoneNumberId: string) {
      const pem = keys.get(phoneNumberId);
      return {
        data: [{ business_public_key: pem ?? '', business_public_key_signature_status: pem ? 'VALID' : 'MISMATCH' }],
      };
    },
    createFlow(body: Record<string, unknown>, fixedId?: string) {
      if (typeof body.name !== 'string' || body.name === '') throw metaErrors.invalidParameter('name is required');
      const flow: EmulatedFlow = {
        id: fixedId ?? id(),
        name: body.name,
        status: 'DRAFT',
        json: undefined,
        endpointUri: str(body.endpoint_uri),
        validationErrors: [],
        sends: [],
      };
      flows.set(flow.id, flow);
      if (typeof body.flow_json === 'string') setJson(flow, body.flow_json);
      if (body.publish === true && flow.validationErrors.length === 0 && flow.json) flow.status = 'PUBLISHED';
      return { id: flow.id, success: true, validation_errors: flow.validationErrors };
    },
    flow(flowId: string): EmulatedFlow {
      const flow = flows.get(flowId) ?? [...flows.values()].find((f) => f.name === flowId);
      if (!flow) throw metaErrors.notFound(`Flow ${flowId}`);
      return flow;
    },
    uploadAsset(flowId: string, json: string | undefined) {
      if (json === undefined) throw metaErrors.invalidParameter('file is required');
      const flow = this.flow(flowId);
      setJson(flow, json);
      return { success: true, validation_errors: flow.validationErrors };
    },
    update(flowId: string, body: Record<string, unknown>) {
      const flow = this.flow(flowId);
      if (typeof body.name === 'string') flow.name = body.name;
      if (typeof body.endpoint_uri === 'string') flow.endpointUri = body.endpoint_uri;
      return { success: true };
    },
    publish(flowId: string) {
      const flow = this.flow(flowId);
      if (!flow.json || flow.validationErrors.length > 0)
        throw metaErrors.invalidParameter('the Flow JSON has validation errors');
      if (!flow.endpointUri) throw metaErrors.invalidParameter('the Flow has no endpoint_uri');
      flow.status = 'PUBLISHED';
      return { success: true };
    },
    deprecate(flowId: string) {
      this.flow(flowId).status = 'DEPRECATED';
      return { success: true };
    },
    /** What Meta does to a Flow's health (PUBLISHED, THROTTLED, BLOCKED), announced by a `flows` webhook. */
    setFlowStatus(flowId: string, status: 'PUBLISHED' | 'THROTTLED' | 'BLOCKED') {
      const flow = this.flow(flowId);
      const old = flow.status;
      if (old === status) return { success: true };
      flow.status = status;
      options.onFlowWebhook?.({
        event: 'FLOW_STATUS_CHANGE',
        message: `Flow ${flow.name} changed status from ${old} to ${status}`,
        flow_id: flow.id,
        old_status: old,
        new_status: status,
      });
      return { success: true };
    },
    /** Refuses a Flow message as Meta would: never while BLOCKED, past the hourly allowance while THROTTLED. */
    acceptFlowSend(flowIdOrName: string, now: number) {
      const flow = flows.get(flowIdOrName) ?? [...flows.values()].find((f) => f.name === flowIdOrName);
      if (!flow) return;
      if (flow.status === 'BLOCKED') throw metaErrors.flowBlocked(`Flow ${flow.id} is blocked`);
      flow.sends = flow.sends.filter((at) => now - at < 3_600_000);
      if (flow.status === 'THROTTLED' && flow.sends.length >= THROTTLED_PER_HOUR) {
        throw metaErrors.flowThrottled(`Flow ${flow.id} is throttled: at most ${THROTTLED_PER_HOUR} sends an hour`);
      }
      flow.sends.push(now);
    },
    describe(flowId: string) {
      const f = this.flow(flowId);
      const parsed = f.json ? safeParse(f.json) : undefined;
      return {
        id: f.id,
        name: f.name,
        status: f.status,
        validation_errors: f.validationErrors,
        json_version: parsed?.version,
        data_api_version: parsed?.data_api_version,
        endpoint_uri: f.endpointUri,
        health_status: {
          can_send_message: f.status === 'PUBLISHED' ? 'AVAILABLE' : f.status === 'THROTTLED' ? 'LIMITED' : 'BLOCKED',
        },
      };
    },
  };
}

export type Management = ReturnType<typeof createManagement>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function safeParse(json: string): { version?: string; data_api_version?: string } | undefined {
  try {
    return JSON.parse(json) as { version?: string; data_api_version?: string };
  } catch {
    return undefined;
  }
}
