import { createGraphClient, type GraphClient } from '../whatsapp/graph.ts';
import { createOutboundLimiter, type OutboundLimiter } from '../whatsapp/rate-limit.ts';

/** How to reach the Graph API and how fast to send. */
export interface SenderOptions {
  readonly token: string;
  readonly version: string;
  readonly phoneNumberId: string | undefined;
  /** Where Graph calls go; read at each call (the sandbox's emulator is known once the server listens). */
  readonly baseUrl: () => string;
  readonly clock: () => number;
  /** Per-recipient spacing (docs/protocol.md §9, default 6 s). */
  readonly pairIntervalMs?: number | undefined;
  /** Messages per second, for every number or each its own (read when a number's limiter is made or its rate changes). */
  readonly perSecond?: number | ((phoneNumberId: string) => number) | undefined;
  readonly timeoutMs?: number | undefined;
}

/** The Graph client and the per-number limiters that `outbound.send` uses. */
export interface Sender {
  readonly graph: GraphClient;
  readonly limiterFor: (phoneNumberId: string) => OutboundLimiter;
}

/**
 * One Graph client per base URL, one attempt per call (the job queue retries with backoff instead
 * of a worker sleeping), and one outbound limiter per sending number.
 */
export function createSender(options: SenderOptions): Sender {
  const clients = new Map<string, GraphClient>();
  const client = () => {
    const baseUrl = options.baseUrl();
    let built = clients.get(baseUrl);
    if (!built) {
      built = createGraphClient({
        baseUrl,
        version: options.version,
        token: options.token,
        phoneNumberId: options.phoneNumberId,
        retry: { maxAttempts: 1 },
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
      clients.set(baseUrl, built);
    }
    return built;
  };
  const limiters = new Map<string, { readonly perSecond: number | undefined; readonly limiter: OutboundLimiter }>();
  const rateOf = (phoneNumberId: string) =>
    typeof options.perSecond === 'function' ? options.perSecond(phoneNumberId) : options.perSecond;
  return {
    graph: {
      request: (request) => client().request(request),
      sendMessage: (message, phoneNumberId) => client().sendMessage(message, phoneNumberId),
      markAsRead: (messageId, phoneNumberId) => client().markAsRead(messageId, phoneNumberId),
    },
    limiterFor(phoneNumberId) {
      const perSecond = rateOf(phoneNumberId);
      let entry = limiters.get(phoneNumberId);
      if (!entry || entry.perSecond !== perSecond) {
        entry = {
          perSecond,
          limiter: createOutboundLimiter({ perSecond, pairIntervalMs: options.pairIntervalMs, now: options.clock }),
        };
        limiters.set(phoneNumberId, entry);
      }
      return entry.limiter;
    },
  };
}
