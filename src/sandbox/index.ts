import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { RouteModule } from '../http/server.ts';
import type { TemplateRegistry } from '../templates/index.ts';
import { sandboxApiRoutes, type FastForward } from './api-routes.ts';
import { createClientSimulator, type ClientSimulator } from './client.ts';
import { createDeliverer, webhookEnvelope, type DeliveryResult } from './deliveries.ts';
import type { Faults } from './faults.ts';
import { graphEmulatorRoutes } from './graph-routes.ts';
import { createManagement, type Management } from './manage.ts';
import { createOutbox } from './outbox.ts';
import { SandboxStore } from './store.ts';
import { DEFAULT_FLOW_NAME } from '../whatsapp/flow-deploy.ts';

export interface SandboxOptions {
  /** The business's public key PEM: in sandbox the app's own key (src/flows/keys.ts). */
  readonly publicKeyPem: string;
  readonly appSecret: string | undefined;
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly flowId: string;
  readonly flowJsonPath: string;
  readonly templates: TemplateRegistry;
  readonly faults: Faults;
  readonly clock: () => number;
  /** Health-check ping period, ms; 0 turns it off. Meta pings published Flows periodically (docs/protocol.md §2.3). */
  readonly pingEveryMs: number;
  /** Simulated template review, ms. */
  readonly templateReviewMs?: number;
  /** Delays of the `sent` and `delivered` statuses after a send, ms. */
  readonly statusDelaysMs?: readonly [number, number];
  /**
   * Another backend to drive (`flowbook emulator`): its webhook and Flow endpoint URLs. Default: this
   * server's own `/webhook` and `/flow`, known once it listens.
   */
  readonly target?: { readonly webhookUrl: string; readonly endpointUrl: string };
  /** Where the phone's conversations are kept across restarts (none: in memory only). */
  readonly chatsFile?: string;
  /** A customer to have ready on the very first start (not when conversations were restored). */
  readonly demoCustomer?: { readonly waId: string; readonly name: string; readonly language: string };
  /** The page's clock control: runs now what the app would do in the next `hours` (src/sandbox/api-routes.ts). */
  readonly fastForward?: FastForward;
  /** A conversation write that failed (the phone goes on from memory). */
  readonly onSaveError?: (error: unknown) => void;
}

export interface Sandbox {
  readonly routes: RouteModule[];
  readonly store: SandboxStore;
  readonly client: ClientSimulator;
  readonly management: Management;
  readonly faults: { current: Faults };
  readonly deliveries: DeliveryResult[];
  /** Tells the sandbox where the app listens; call once the server has an address. */
  attach(server: FastifyInstance): void;
  /** Stops the sandbox's timers. The store's last write is `store.close()`, once nothing more can arrive. */
  close(): void;
}

const DISPLAY_NUMBER = '15550100000';
/** The delivery labels the page shows for each template webhook field. */
const TEMPLATE_KINDS = {
  message_template_status_update: 'template_status',
  template_category_update: 'template_category',
  message_template_quality_update: 'template_quality',
} as const;

/**
 * An offline WhatsApp: Meta's Graph API (emulated) and a customer's WhatsApp client (simulated)
 * that talks to the app's real `/webhook` and `/flow` over HTTP (docs/sandbox.md).
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  const store = new SandboxStore({ file: options.chatsFile, onSaveError: options.onSaveError });
  if (options.demoCustomer && !store.restored && store.customers.size === 0) {
    const { waId, ...defaults } = options.demoCustomer;
    store.customer(waId, defaults);
  }
  const faults = { current: options.faults };
  const deliveries: DeliveryResult[] = [];
  let baseUrl = '';
  const appBaseUrl = () => {
    if (!baseUrl) throw new Error('the sandbox is not attached to a listening server');
    return baseUrl;
  };
  const webhookUrl = () => options.target?.webhookUrl ?? `${appBaseUrl()}/webhook`;
  const endpointUrl = () => options.target?.endpointUrl ?? `${appBaseUrl()}/flow`;
  const deliverer = createDeliverer({
    webhookUrl,
    appSecret: options.appSecret,
    faults: () => faults.current,
    onResult: (result) => {
      deliveries.push(result);
      if (deliveries.length > 100) deliveries.shift();
      store.touch();
    },
  });
  const metadata = { phoneNumberId: options.phoneNumberId, displayPhoneNumber: DISPLAY_NUMBER, wabaId: options.wabaId };
  const management = createManagement({
    reviewMs: options.templateReviewMs ?? 2000,
    clock: options.clock,
    onWebhook: (field, value) => {
      void deliverer.deliver(webhookEnvelope(options.wabaId, value, field), [TEMPLATE_KINDS[field]]);
    },
    onFlowWebhook: (value) => {
      void deliverer.deliver(webhookEnvelope(options.wabaId, value, 'flows'), ['flow_status']);
    },
  });
  management.uploadKey(options.phoneNumberId, options.publicKeyPem);
  management.createFlow(
    { name: DEFAULT_FLOW_NAME, flow_json: readFileSync(options.flowJsonPath, 'utf8'), publish: true },
    options.flowId,
  );

  const client = createClientSimulator({
    store,
    deliverer,
    endpointUrl,
    appSecret: options.appSecret,
    metadata,
    clock: options.clock,
    fetchPublicKey: () => management.keys.get(options.phoneNumberId) ?? options.publicKeyPem,
  });
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run().catch(() => undefined);
    }, ms);
    timers.add(timer);
  };
  const [sentMs, deliveredMs] = options.statusDelaysMs ?? [50, 150];
  const outbox = createOutbox({ store, templates: options.templates, clock: options.clock, perSecond: 80 });
  const routes: RouteModule[] = [
    graphEmulatorRoutes({
      store,
      outbox,
      management,
      faults,
      onSent: (message) => {
        later(sentMs, () => client.status(message.wamid, 'sent'));
        later(deliveredMs, () => client.status(message.wamid, 'delivered'));
      },
    }),
    sandboxApiRoutes({ store, client, management, faults, deliveries, fastForward: options.fastForward }),
  ];
  let pinger: NodeJS.Timeout | undefined;

  return {
    routes,
    store,
    client,
    management,
    faults,
    deliveries,
    attach(server) {
      const address = server.server.address() as AddressInfo | null;
      if (!address) throw new Error('attach the sandbox after listen()');
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
      if (options.pingEveryMs > 0) {
        pinger = setInterval(() => void client.ping(), options.pingEveryMs);
        pinger.unref();
      }
    },
    close() {
      if (pinger) clearInterval(pinger);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
