import { createPublicKey } from 'node:crypto';
import { BadRequestError } from '../errors.ts';
import { GraphResponseError } from './errors.ts';
import { graphPath, type GraphClient } from './graph.ts';

/** One entry of Meta's `validation_errors` (docs/protocol.md §5); positions are 1-based in the uploaded file. */
export interface FlowValidationIssue {
  readonly error: string;
  readonly error_type?: string;
  readonly message: string;
  readonly line_start?: number;
  readonly line_end?: number;
  readonly column_start?: number;
  readonly column_end?: number;
}

export type FlowStatus = 'DRAFT' | 'PUBLISHED' | 'DEPRECATED' | 'BLOCKED' | 'THROTTLED';

/** What `GET /{FLOW_ID}` tells about a Flow (docs/protocol.md §5). */
export interface FlowInfo {
  readonly id: string;
  readonly name: string | undefined;
  readonly status: FlowStatus | undefined;
  readonly validationErrors: readonly FlowValidationIssue[];
  readonly jsonVersion: string | undefined;
  readonly dataApiVersion: string | undefined;
  readonly endpointUri: string | undefined;
  readonly healthStatus: unknown;
  readonly previewUrl: string | undefined;
}

export type KeySignatureStatus = 'VALID' | 'MISMATCH';

export interface PublicKeyStatus {
  readonly publicKey: string | undefined;
  readonly signatureStatus: KeySignatureStatus | undefined;
}

const FLOW_FIELDS =
  'id,name,status,validation_errors,json_version,data_api_version,endpoint_uri,health_status,preview.invalidate(false)';

/**
 * Uploads the business public key for one phone number (docs/protocol.md §2.6): a form field
 * `business_public_key`. Refuses anything but a 2048-bit RSA public key before calling Meta.
 */
export async function uploadPublicKey(client: GraphClient, phoneNumberId: string, publicKeyPem: string): Promise<void> {
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey(publicKeyPem);
  } catch (error) {
    throw new BadRequestError(`not a PEM public key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== 2048) {
    throw new BadRequestError('the business public key must be 2048-bit RSA (docs/protocol.md §2.6)');
  }
  const answer = await client.request<{ success?: unknown }>({
    method: 'POST',
    path: graphPath(phoneNumberId, 'whatsapp_business_encryption'),
    form: new URLSearchParams({ business_public_key: publicKeyPem }),
  });
  requireSuccess(answer, 'whatsapp_business_encryption');
}

/** Reads the uploaded key and its signature status (`VALID` | `MISMATCH`). */
export async function getPublicKeyStatus(client: GraphClient, phoneNumberId: string): Promise<PublicKeyStatus> {
  const answer = await client.request<Record<string, unknown>>({
    method: 'GET',
    path: graphPath(phoneNumberId, 'whatsapp_business_encryption'),
  });
  // Documented as a flat object; some answers wrap it in `data: [...]`.
  const record = (Array.isArray(answer?.data) ? answer.data[0] : answer) as Record<string, unknown> | undefined;
  const status = record?.business_public_key_signature_status;
  return {
    publicKey: typeof record?.business_public_key === 'string' ? record.business_public_key : undefined,
    signatureStatus: status === 'VALID' || status === 'MISMATCH' ? status : undefined,
  };
}

export interface CreateFlowOptions {
  readonly name: string;
  readonly categories?: readonly string[];
  readonly endpointUri?: string | undefined;
}

/** `POST /{WABA_ID}/flows` (docs/protocol.md §5); the Flow JSON is uploaded separately to get line numbers. */
export async function createFlow(
  client: GraphClient,
  wabaId: string,
  options: CreateFlowOptions,
): Promise<{ id: string; validationErrors: readonly FlowValidationIssue[] }> {
  const answer = await client.request<{ id?: unknown; validation_errors?: unknown }>({
    method: 'POST',
    path: graphPath(wabaId, 'flows'),
    json: {
      name: options.name,
      categories: options.categories ?? ['APPOINTMENT_BOOKING'],
      ...(options.endpointUri === undefined ? {} : { endpoint_uri: options.endpointUri }),
    },
  });
  if (typeof answer?.id !== 'string') throw new GraphResponseError('no id in the create-Flow answer');
  return { id: answer.id, validationErrors: issues(answer.validation_errors) };
}

/** `POST /{FLOW_ID}/assets`, multipart: `file` (flow.json), `name=flow.json`, `asset_type=FLOW_JSON`. */
export async function uploadFlowJson(
  client: GraphClient,
  flowId: string,
  flowJson: string,
): Promise<{ validationErrors: readonly FlowValidationIssue[] }> {
  const form = new FormData();
  form.append('file', new Blob([flowJson], { type: 'application/json' }), 'flow.json');
  form.append('name', 'flow.json');
  form.append('asset_type', 'FLOW_JSON');
  const answer = await client.request<{ success?: unknown; validation_errors?: unknown }>({
    method: 'POST',
    path: graphPath(flowId, 'assets'),
    form,
  });
  requireSuccess(answer, 'assets');
  return { validationErrors: issues(answer.validation_errors) };
}

export interface FlowMetadata {
  readonly endpointUri?: string;
  readonly name?: string;
  readonly categories?: readonly string[];
}

/** `POST /{FLOW_ID}` with the changed metadata (docs/protocol.md §5). */
export async function updateFlowMetadata(client: GraphClient, flowId: string, metadata: FlowMetadata): Promise<void> {
  const answer = await client.request<{ success?: unknown }>({
    method: 'POST',
    path: graphPath(flowId),
    json: {
      ...(metadata.endpointUri === undefined ? {} : { endpoint_uri: metadata.endpointUri }),
      ...(metadata.name === undefined ? {} : { name: metadata.name }),
      ...(metadata.categories === undefined ? {} : { categories: metadata.categories }),
    },
  });
  requireSuccess(answer, 'flow metadata');
}

/** `POST /{FLOW_ID}/publish`. Irreversible: a published Flow can no longer be edited (docs/protocol.md §5). */
export async function publishFlow(client: GraphClient, flowId: string): Promise<void> {
  requireSuccess(await client.request({ method: 'POST', path: graphPath(flowId, 'publish') }), 'publish');
}

/** `GET /{FLOW_ID}?fields=…` with the fields of docs/protocol.md §5. */
export async function getFlow(client: GraphClient, flowId: string): Promise<FlowInfo> {
  const f = await client.request<Record<string, unknown>>({
    method: 'GET',
    path: graphPath(flowId),
    query: { fields: FLOW_FIELDS },
  });
  const preview = f?.preview as { preview_url?: unknown } | undefined;
  return {
    id: typeof f?.id === 'string' ? f.id : flowId,
    name: str(f?.name),
    status: str(f?.status) as FlowStatus | undefined,
    validationErrors: issues(f?.validation_errors),
    jsonVersion: str(f?.json_version),
    dataApiVersion: str(f?.data_api_version),
    endpointUri: str(f?.endpoint_uri),
    healthStatus: f?.health_status,
    previewUrl: str(preview?.preview_url),
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function issues(value: unknown): readonly FlowValidationIssue[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is FlowValidationIssue => v !== null && typeof v === 'object');
}

function requireSuccess(answer: unknown, what: string): void {
  if ((answer as { success?: unknown } | null)?.success !== true) {
    throw new GraphResponseError(`${what}: success is not true`);
  }
}
