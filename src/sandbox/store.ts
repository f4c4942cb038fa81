import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Where a message went: from the customer to the business, or back. */
export type Direction = 'in' | 'out';
export type MessageStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

/** One message of a sandbox conversation, as the phone shows it. */
export interface ChatMessage {
  readonly wamid: string;
  readonly direction: Direction;
  readonly at: number;
  /** The wire body: the Cloud API send for `out`, the webhook message for `in`. */
  readonly body: Record<string, unknown>;
  /** Rendered text of a template (renderTemplate), when the message is one. */
  readonly rendered?: { readonly text: string; readonly direction: 'rtl' | 'ltr' };
  /** The Flow the message opens: an interactive Flow message, or a template's Flow button (docs/protocol.md §7, §8). */
  readonly flow?: FlowLaunch;
  status: MessageStatus;
  /** A Flow message whose endpoint answered 427: its button is disabled (docs/protocol.md §2.2). */
  flowDisabled?: boolean;
}

/** What the phone needs to open a Flow from a message: which Flow, how it starts, and its token. */
export interface FlowLaunch {
  /** The Flow's id or name, as the message names it. */
  readonly flow: string;
  readonly action: 'navigate' | 'data_exchange';
  readonly token: string;
  /** The button's text. */
  readonly cta: string;
  /** For `navigate`: the first screen and its data. */
  readonly screen?: string;
  readonly data?: Record<string, unknown>;
  /** The template button's position, when the Flow opens from a template. */
  readonly buttonIndex?: number;
}

/**
 * A sandbox customer. `waId` is the key the page and the API name them by: their phone number, or for a
 * customer who set a username and withholds their number, their BSUID (docs/protocol.md §11.1).
 */
export interface Customer {
  readonly waId: string;
  /** The BSUID the webhooks carry (`user_id`, `from_user_id`); undefined for a customer of before BSUIDs. */
  readonly userId: string | undefined;
  /** Set for a username-only customer: the webhooks carry no phone number for them. */
  readonly username: string | undefined;
  name: string;
  language: string;
  /** The customer's last inbound message, ms: opens the 24-h window (docs/protocol.md §7). */
  lastInboundAt: number | undefined;
  readonly messages: ChatMessage[];
}

/** One decrypted exchange with the Flow endpoint, for the page's panel. */
export interface FlowExchange {
  readonly wamid: string;
  readonly request: unknown;
  readonly status: number;
  readonly response: unknown;
  readonly latencyMs: number;
  readonly at: number;
}

/** What the emulator noticed about the endpoint, like Meta's Flow alerts (docs/protocol.md §2.4). */
export interface FlowAlert {
  readonly at: number;
  readonly kind: 'ENDPOINT_ERROR' | 'ENDPOINT_LATENCY' | 'ENDPOINT_AVAILABILITY' | 'business-decryption-error';
  readonly detail: string;
}

const MAX_ALERTS = 50;
const MAX_EXCHANGES = 200;

/** Meta's message ids look like `wamid.` + base64; only uniqueness matters here. */
export function newWamid(): string {
  return `wamid.${randomBytes(18).toString('base64url')}`;
}

/**
 * What a saved sandbox holds: the phone's conversations (exchanges and alerts are the page's log, not
 * kept). Checked for its shape when read back; the messages' bodies are the wire's, kept as they were.
 */
const savedSchema = z.object({
  version: z.literal(1),
  customers: z.array(
    z.object({
      waId: z.string(),
      userId: z.string().optional(),
      username: z.string().optional(),
      name: z.string(),
      language: z.string(),
      lastInboundAt: z.number().optional(),
      messages: z.array(
        z.looseObject({
          wamid: z.string(),
          direction: z.enum(['in', 'out']),
          at: z.number(),
          body: z.record(z.string(), z.unknown()),
          status: z.enum(['accepted', 'sent', 'delivered', 'read', 'failed']),
        }),
      ),
    }),
  ),
});

/** How long after a change the conversations are written (changes come in bursts: a send, its statuses). */
const SAVE_AFTER_MS = 250;

/**
 * The sandbox's memory: customers, their conversations, Flow exchanges and alerts. Bookings (the state
 * that matters) live in the database; the conversations are the phone's, and with a `file` they are
 * kept there, so a restart finds every chat as it was (written a moment after each change, and on
 * `flush`). `version` grows on every change so the page can poll cheaply.
 */
export class SandboxStore {
  readonly customers = new Map<string, Customer>();
  readonly exchanges: FlowExchange[] = [];
  readonly alerts: FlowAlert[] = [];
  version = 0;
  /** False only on a first start: no file yet (a file that could not be read is not a first start). */
  readonly restored: boolean;
  private saveTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private file: string | undefined;
  private readonly onSaveError: (error: unknown) => void;

  constructor(options: { readonly file?: string; readonly onSaveError?: (error: unknown) => void } = {}) {
    this.file = options.file;
    this.onSaveError = options.onSaveError ?? (() => undefined);
    this.restored = this.file !== undefined && this.load(this.file);
  }

  /** Reads the file back; true unless there is none yet. Never throws: the phone starts all the same. */
  private load(file: string): boolean {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      // No file (or no folder for it) yet: a first start.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      // There, but not readable (permissions): never written over, so nothing in it is lost.
      this.file = undefined;
      this.onSaveError(error);
      return true;
    }
    let customers: Customer[];
    try {
      customers = savedSchema.parse(JSON.parse(text)).customers as unknown as Customer[];
    } catch {
      // Not what flowbook writes (writes go through a rename, so not a torn write): set aside, kept.
      try {
        renameSync(file, `${file}.unreadable`);
      } catch (error) {
        this.file = undefined;
        this.onSaveError(error);
      }
      return true;
    }
    for (const c of customers) this.customers.set(c.waId, { ...c, messages: [...c.messages] });
    return true;
  }

  /** Writes the conversations now (a moment after changes, and on close). Readable by the owner only: they hold customers' details. */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: 1, customers: [...this.customers.values()] }), { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  /** The last write; nothing is written after it (a restarted store may own the file by then). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } catch (error) {
      this.onSaveError(error);
    }
  }

  customer(
    waId: string,
    defaults: { name?: string; language?: string; userId?: string; username?: string } = {},
  ): Customer {
    let customer = this.customers.get(waId);
    if (!customer) {
      customer = {
        waId,
        userId: defaults.userId,
        username: defaults.username,
        name: defaults.name ?? defaults.username ?? `Customer ${waId.slice(-4)}`,
        language: defaults.language ?? 'en_US',
        lastInboundAt: undefined,
        messages: [],
      };
      this.customers.set(waId, customer);
      this.touch();
    }
    return customer;
  }

  /**
   * Drops a customer and their conversation (an erasure, docs/operations.md): named by phone number,
   * BSUID or username, with or without the `+`/`@`. The file is rewritten with the next write. Returns how many went.
   */
  forget(id: string): number {
    const bare = id.replace(/^[+@]/, '');
    let gone = 0;
    for (const [key, c] of this.customers) {
      if (key === bare || c.userId === bare || c.username?.replace(/^@/, '') === bare) {
        this.customers.delete(key);
        gone++;
      }
    }
    if (gone > 0) this.touch();
    return gone;
  }

  /** The customer a send addresses: by phone number (`to`, which wins when both are given) or by BSUID. */
  addressed(to: string | undefined, recipient: string | undefined): Customer | undefined {
    if (to !== undefined) return this.customers.get(to);
    if (recipient === undefined) return undefined;
    return [...this.customers.values()].find((c) => c.userId === recipient || c.waId === recipient);
  }

  add(waId: string, message: ChatMessage): ChatMessage {
    this.customer(waId).messages.push(message);
    this.touch();
    return message;
  }

  find(wamid: string): { customer: Customer; message: ChatMessage } | undefined {
    for (const customer of this.customers.values()) {
      const message = customer.messages.find((m) => m.wamid === wamid);
      if (message) return { customer, message };
    }
    return undefined;
  }

  /** Statuses only move forward (docs/protocol.md §6). */
  setStatus(wamid: string, status: MessageStatus): boolean {
    const found = this.find(wamid);
    if (!found || !movesForward(found.message.status, status)) return false;
    found.message.status = status;
    this.touch();
    return true;
  }

  exchange(entry: FlowExchange): void {
    this.exchanges.push(entry);
    if (this.exchanges.length > MAX_EXCHANGES) this.exchanges.shift();
    this.touch();
  }

  alert(entry: FlowAlert): void {
    this.alerts.push(entry);
    if (this.alerts.length > MAX_ALERTS) this.alerts.shift();
    this.touch();
  }

  touch(): void {
    this.version++;
    if (this.file && !this.saveTimer && !this.closed) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = undefined;
        try {
          this.flush();
        } catch (error) {
          // The next change tries again; the phone goes on from memory meanwhile.
          this.onSaveError(error);
        }
      }, SAVE_AFTER_MS);
      this.saveTimer.unref();
    }
  }
}

const ORDER: Record<MessageStatus, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

function movesForward(from: MessageStatus, to: MessageStatus): boolean {
  return ORDER[to] > ORDER[from];
}
