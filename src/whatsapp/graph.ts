import type { Config } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { GraphApiError, GraphResponseError, GraphTransportError, type MetaErrorBody } from './errors.ts';
import { markRead } from './messages.ts';
import type { OutgoingMessage } from './message-types.ts';
import { DEFAULT_RETRY_POLICY, backoffDelay, isRetryable, parseRetryAfter, type RetryPolicy } from './retry.ts';

export interface RetryEvent {
  readonly method: string;
  readonly path: string;
  /** The attempt that failed (1 = the first). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: GraphApiError | GraphTransportError;
}

export interface GraphClientOptions {
  /** e.g. `https://graph.facebook.com` (no trailing slash needed). */
  readonly baseUrl: string;
  /** e.g. `v24.0`. */
  readonly version: string;
  readonly token: string;
  /** Default sender for {@link GraphClient.sendMessage} and {@link GraphClient.markAsRead}. */
  readonly phoneNumberId?: string | undefined;
  /** Per attempt, including reading the body. Default 10 000 ms. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Uniform in [0, 1); injectable for tests. Default `Math.random`. */
  readonly random?: () => number;
  /** Injectable for tests. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
  /** Called before each wait; a good place for a log line (it carries no token or phone number). */
  readonly onRetry?: (event: RetryEvent) => void;
}

export type QueryValue = string | number | boolean | undefined;

export interface GraphRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path below the version, e.g. `/123/messages`; build it with {@link graphPath}. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Exactly one body kind at most. */
  readonly json?: unknown;
  readonly form?: URLSearchParams | FormData;
  /** Default true; false sends once whatever happens. */
  readonly retry?: boolean;
}

export interface GraphClient {
  /** Sends one request with retries (docs/protocol.md §9); resolves to the parsed JSON answer. */
  request<T = unknown>(request: GraphRequest): Promise<T>;
  /** `POST /{PHONE_NUMBER_ID}/messages` (docs/protocol.md §7); resolves to the new message's wamid. */
  sendMessage(message: OutgoingMessage, phoneNumberId?: string): Promise<{ wamid: string }>;
  /** Marks an incoming message as read. */
  markAsRead(messageId: string, phoneNumberId?: string): Promise<void>;
}

/** Joins id segments into a Graph path, encoding each one. */
export function graphPath(...segments: readonly string[]): string {
  return `/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A Graph API client over global `fetch`: bearer token, per-attempt timeout, retry table, jittered backoff. */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const root = `${options.baseUrl.replace(/\/+$/, '')}/${options.version}`;

  async function once(request: GraphRequest): Promise<unknown> {
    const url = new URL(`${root}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
    let body: BodyInit | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form !== undefined) {
      body = request.form;
    }
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await doFetch(url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      throw new GraphTransportError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', error);
    }
    const parsed = parseJson(text);
    if (status < 200 || status >= 300) {
      const envelope = metaError(parsed);
      throw new GraphApiError(status, envelope, isRetryable(status, envelope?.code), parseRetryAfter(retryAfter));
    }
    if (parsed === undefined) throw new GraphResponseError(`HTTP ${status} with a body that is not JSON`);
    return parsed;
  }

  async function request<T>(req: GraphRequest): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await once(req)) as T;
      } catch (error) {
        const retryable = (error instanceof GraphApiError || error instanceof GraphTransportError) && error.retryable;
        if (!retryable || req.retry === false || attempt >= policy.maxAttempts) throw error;
        const delayMs = backoffDelay(attempt, policy, random, {
          metaCode: error instanceof GraphApiError ? error.metaCode : undefined,
          retryAfterMs: error instanceof GraphApiError ? error.retryAfterMs : undefined,
        });
        options.onRetry?.({ method: req.method, path: req.path, attempt, delayMs, error });
        await sleep(delayMs);
      }
    }
  }

  function sender(phoneNumberId: string | undefined): string {
    const id = phoneNumberId ?? options.phoneNumberId;
    if (id === undefined) throw new ConfigError(['PHONE_NUMBER_ID is required to send messages']);
    return id;
  }

  return {
    request,
    async sendMessage(message, phoneNumberId) {
      const answer = await request<{ messages?: { id?: unknown }[] }>({
        method: 'POST',
        path: graphPath(sender(phoneNumberId), 'messages'),
        json: message,
      });
      const wamid = answer?.messages?.[0]?.id;
      if (typeof wamid !== 'string') throw new GraphResponseError('no messages[0].id in the send answer');
      return { wamid };
    },
    async markAsRead(messageId, phoneNumberId) {
      await request({ method: 'POST', path: graphPath(sender(phoneNumberId), 'messages'), json: markRead(messageId) });
    },
  };
}

/**
 * Builds a client from {@link Config} (docs/protocol.md §7: base URL, version, bearer token, phone number id).
 * Throws {@link ConfigError} when no Graph API token is configured (sandbox mode).
 */
export function graphClientFromConfig(
  config: Config,
  overrides: Omit<Partial<GraphClientOptions>, 'token' | 'baseUrl' | 'version'> = {},
): GraphClient {
  const { token, baseUrl, version, phoneNumberId } = config.graph;
  if (token === undefined) throw new ConfigError(['GRAPH_API_TOKEN is required for Graph API calls']);
  return createGraphClient({ phoneNumberId, ...overrides, token, baseUrl, version });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function metaError(parsed: unknown): MetaErrorBody | undefined {
  if (parsed === null || typeof parsed !== 'object' || !('error' in parsed)) return undefined;
  const error = (parsed as { error: unknown }).error;
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as Record<string, unknown>;
  return {
    ...(typeof e.message === 'string' ? { message: e.message } : {}),
    ...(typeof e.type === 'string' ? { type: e.type } : {}),
    ...(typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.error_subcode === 'number' ? { error_subcode: e.error_subcode } : {}),
    ...(e.error_data !== undefined ? { error_data: e.error_data } : {}),
    ...(typeof e.fbtrace_id === 'string' ? { fbtrace_id: e.fbtrace_id } : {}),
  };
}
