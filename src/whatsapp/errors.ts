import { FlowbookError } from '../errors.ts';

/**
 * An outgoing message breaks one of WhatsApp's limits (docs/protocol.md §7). Thrown when the message is built,
 * so a bad message never reaches the Graph API. `field` is the wire path, e.g. `interactive.body.text`.
 */
export class MessageLimitError extends FlowbookError {
  readonly field: string;
  constructor(field: string, rule: string, details: Record<string, unknown> = {}) {
    super('FB_WA_MESSAGE_LIMIT', `${field}: ${rule}`, { details: { field, rule, ...details } });
    this.field = field;
  }
}

/** What Meta's error envelope `{error: {...}}` carried; every field is optional on the wire. */
export interface MetaErrorBody {
  readonly message?: string;
  readonly type?: string;
  readonly code?: number;
  readonly error_subcode?: number;
  readonly error_data?: unknown;
  readonly fbtrace_id?: string;
}

/**
 * The Graph API answered with an error (docs/protocol.md §9). `metaCode` is Meta's numeric `error.code`
 * (e.g. 131047, 132000), `httpStatus` the status of Meta's answer; `retryable` comes from the one
 * retry table in `retry.ts`. The flowbook `status` is 502: for our callers this is an upstream failure.
 */
export class GraphApiError extends FlowbookError {
  readonly httpStatus: number;
  readonly metaCode: number | undefined;
  readonly subcode: number | undefined;
  readonly metaType: string | undefined;
  readonly fbtraceId: string | undefined;
  /** Meta's `Retry-After`, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(httpStatus: number, body: MetaErrorBody | undefined, retryable: boolean, retryAfterMs?: number) {
    const metaCode = body?.code;
    const label = metaCode === undefined ? `HTTP ${httpStatus}` : `Meta error ${metaCode}`;
    super('FB_GRAPH_API', `Graph API: ${label}: ${body?.message ?? 'no error message'}`, {
      retryable,
      details: {
        httpStatus,
        metaCode,
        subcode: body?.error_subcode,
        fbtraceId: body?.fbtrace_id,
        errorDetails: errorDataDetails(body?.error_data),
        retryable,
      },
    });
    this.httpStatus = httpStatus;
    this.metaCode = metaCode;
    this.subcode = body?.error_subcode;
    this.metaType = body?.type;
    this.fbtraceId = body?.fbtrace_id;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The Graph API could not be reached or did not answer in time. Always retryable; note that a
 * timed-out send may still have been accepted by Meta (there is no idempotency key), so a retry
 * can deliver a message twice.
 */
export class GraphTransportError extends FlowbookError {
  readonly reason: 'network' | 'timeout';
  constructor(reason: 'network' | 'timeout', cause: unknown) {
    const code = reason === 'timeout' ? 'FB_GRAPH_TIMEOUT' : 'FB_GRAPH_NETWORK';
    super(code, `Graph API ${reason === 'timeout' ? 'timed out' : 'unreachable'}`, {
      cause,
      details: { reason },
    });
    this.reason = reason;
  }
}

/** The Graph API answered 2xx with a body flowbook does not understand. */
export class GraphResponseError extends FlowbookError {
  constructor(what: string) {
    super('FB_GRAPH_RESPONSE', `Unexpected Graph API response: ${what}`);
  }
}

/** Meta rejected an uploaded Flow JSON; `lines` are the formatted validation errors. */
export class FlowValidationError extends FlowbookError {
  readonly lines: readonly string[];
  constructor(flowId: string, lines: readonly string[]) {
    super('FB_FLOW_VALIDATION', `Flow ${flowId} has ${lines.length} validation error(s)`, {
      details: { flowId, count: lines.length },
    });
    this.lines = lines;
  }
}

function errorDataDetails(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data !== null && typeof data === 'object' && 'details' in data) {
    const details = (data as { details: unknown }).details;
    return typeof details === 'string' ? details : undefined;
  }
  return undefined;
}

/** An error's message with Meta's `error_data.details` when the Graph API gave some: what a CLI line shows. */
export function graphErrorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details = error instanceof GraphApiError ? error.details?.errorDetails : undefined;
  return typeof details === 'string' && details !== '' ? `${error.message}: ${details}` : error.message;
}
