import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/types.ts';
import { UnauthorizedError } from '../errors.ts';

/**
 * The console's live view: one poll per process of the `console_changes` sequence (migration 0022),
 * which every statement on bookings or their notes advances, whichever process made it. While at
 * least one console is open, a moved value is told to every open console as a server-sent event; the
 * console then refetches what it shows through the admin API (which keeps its role checks).
 *
 * The number is taken before its transaction commits, so a console could refetch just before the
 * change is visible: each change is therefore told twice, once when seen and once a poll later.
 */
export interface ChangeFeed {
  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: () => void): () => void;
  close(): void;
}

export function createChangeFeed(db: Database, options: { readonly pollMs?: number | undefined } = {}): ChangeFeed {
  const listeners = new Set<() => void>();
  const pollMs = options.pollMs ?? 1000;
  let last: string | undefined;
  let echo = false;
  let timer: NodeJS.Timeout | undefined;
  let polling = false;

  const tell = () => {
    for (const listener of listeners) listener();
  };
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const { rows } = await db.query<{ last_value: string; is_called: boolean }>(
        'SELECT last_value::text, is_called FROM console_changes',
      );
      const value = rows[0]!.is_called ? rows[0]!.last_value : '0';
      if (last !== undefined && value !== last) {
        tell();
        echo = true;
      } else if (echo) {
        tell();
        echo = false;
      }
      last = value;
    } catch {
      // The database is away (readiness says so); the next poll tries again.
    } finally {
      polling = false;
    }
  };
  const start = () => {
    if (timer) return;
    last = undefined;
    void poll();
    timer = setInterval(() => void poll(), pollMs);
    timer.unref();
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    close() {
      listeners.clear();
      stop();
    },
  };
}

/** How often an idle stream says it is alive, under any proxy's idle timeout. */
const HEARTBEAT_MS = 20_000;

/**
 * `GET /console/api/events`: a `text/event-stream` for a signed-in console, one `changed` event per
 * change. Streams end when the server closes.
 */
export function changeEvents(feed: ChangeFeed) {
  return async (app: FastifyInstance): Promise<void> => {
    const open = new Set<FastifyReply>();
    app.addHook('preClose', async () => {
      for (const reply of open) reply.raw.end();
      feed.close();
    });
    app.get('/console/api/events', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.principal?.kind !== 'user') throw new UnauthorizedError('Not signed in');
      reply.hijack();
      const raw = reply.raw;
      // Gone while the session was being looked up: its close event has passed already.
      if (raw.destroyed || request.raw.socket.destroyed) return;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      raw.write('retry: 3000\n\n');
      open.add(reply);
      const unsubscribe = feed.subscribe(() => raw.write('event: changed\ndata: {}\n\n'));
      const heartbeat = setInterval(() => raw.write(': alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(reply);
      };
      raw.on('close', end);
      request.raw.socket.setTimeout(0);
    });
  };
}
