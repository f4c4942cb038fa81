import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in Graph server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The body as JSON (undefined when it is not JSON). */
  json(): unknown;
  /** The body as form fields (urlencoded or multipart), parsed by undici like a server would. */
  form(): Promise<FormData>;
}

export interface ScriptedResponse {
  readonly status?: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Record<string, string>;
  /** Wait this long before answering (to trip client timeouts). */
  readonly delayMs?: number;
}

export type Responder = (request: RecordedRequest) => ScriptedResponse;

/** A loopback stand-in for graph.facebook.com that records requests and answers from a script. */
export interface GraphStandIn {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Queue answers, used in order; when empty the fallback answers. */
  enqueue(...responses: ScriptedResponse[]): void;
  fallback: Responder;
  /** Forgets recorded requests and unused scripted answers. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 with an ephemeral port. */
export async function startGraphStandIn(): Promise<GraphStandIn> {
  const queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const standIn: GraphStandIn = {
    baseUrl: '',
    requests,
    enqueue: (...responses) => queue.push(...responses),
    fallback: () => ({ status: 500, json: { error: { message: 'no scripted response', code: 1 } } }),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json: () => {
          try {
            return JSON.parse(body.toString('utf8'));
          } catch {
            return undefined;
          }
        },
        form: () => new Response(body, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData(),
      };
      requests.push(recorded);
      const scripted = queue.shift() ?? standIn.fallback(recorded);
      const answer = () => {
        if (res.destroyed) return;
        const text = scripted.text ?? JSON.stringify(scripted.json ?? {});
        res.writeHead(scripted.status ?? 200, {
          'content-type': scripted.text === undefined ? 'application/json' : 'text/html',
          ...scripted.headers,
        });
        res.end(text);
      };
      if (scripted.delayMs === undefined) answer();
      else {
        const timer = setTimeout(() => {
          pending.delete(timer);
          answer();
        }, scripted.delayMs);
        pending.add(timer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, { baseUrl: `http://127.0.0.1:${port}` });
}

/** Meta's error envelope (docs/protocol.md §9). */
export function metaError(code: number, message = `error ${code}`, extra: Record<string, unknown> = {}) {
  return { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf', ...extra } };
}
