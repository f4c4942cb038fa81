import { createHmac } from 'node:crypto';
import { decryptFlowResponse, encryptFlowRequest, envelopeBody } from '../flows/crypto.ts';
import { signBody } from '../http/signature.ts';
import type { Deliverer } from './deliveries.ts';
import { webhookEnvelope } from './deliveries.ts';
import { newWamid, type ChatMessage, type Customer, type MessageStatus, type SandboxStore } from './store.ts';

export interface ClientDeps {
  readonly store: SandboxStore;
  readonly deliverer: Deliverer;
  /** The business's Flow data endpoint (`…/flow` of this app, or another backend's). */
  readonly endpointUrl: () => string;
  readonly appSecret: string | undefined;
  /**
   * The business public key as the client knows it: what was uploaded for the phone number (docs/protocol.md §2.6).
   */
  readonly fetchPublicKey: () => string;
  readonly metadata: { readonly phoneNumberId: string; readonly displayPhoneNumber: string; readonly wabaId: string };
  readonly clock: () => number;
}

/** What the Flow player asks the client to send to the endpoint (docs/protocol.md §2.3). */
export interface FlowCall {
  readonly action: 'INIT' | 'BACK' | 'data_exchange' | 'ping';
  readonly screen?: string;
  readonly data?: Record<string, unknown>;
}

export interface FlowCallResult {
  readonly status: number;
  readonly response: unknown;
  readonly latencyMs: number;
  /** The Flow closed: the endpoint answered SUCCESS and the nfm_reply went to the webhook. */
  readonly completed: boolean;
}

const SLOW_MS = 1000; // Meta's first latency alert (docs/protocol.md §2.4)

/**
 * The WhatsApp client's half of the sandbox: the customer's messages, replies and statuses go to
 * the app's real `POST /webhook`; Flow requests go encrypted to its real `POST /flow`.
 */
export function createClientSimulator(deps: ClientDeps) {
  const { store } = deps;
  let publicKey = deps.fetchPublicKey();
  const seconds = () => String(Math.floor(deps.clock() / 1000));

  function value(extra: Record<string, unknown>) {
    return {
      messaging_product: 'whatsapp',
      metadata: {
        display_phone_number: deps.metadata.displayPhoneNumber,
        phone_number_id: deps.metadata.phoneNumberId,
      },
      ...extra,
    };
  }

  /** The customer sends a message (text, interactive reply, button): stored, then delivered. */
  async function inbound(
    waId: string,
    message: Record<string, unknown>,
  ): Promise<{ message: ChatMessage; status: number }> {
    const customer = store.customer(waId);
    const wire = { ...senderFields(customer), id: newWamid(), timestamp: seconds(), ...message };
    customer.lastInboundAt = deps.clock();
    const stored = store.add(waId, { wamid: wire.id, direction: 'in', at: deps.clock(), body: wire, status: 'sent' });
    const envelope = webhookEnvelope(
      deps.metadata.wabaId,
      value({ contacts: [contactOf(customer)], messages: [wire] }),
    );
    const status = await deps.deliverer.deliver(envelope, [`message:${String(message.type)}`]);
    return { message: stored, status };
  }

  function text(waId: string, body: string, contextId?: string) {
    return inbound(waId, {
      type: 'text',
      text: { body },
      ...(contextId ? { context: { from: deps.metadata.displayPhoneNumber, id: contextId } } : {}),
    });
  }

  /** Reports a status of a business message to the webhook, when it moves forward (docs/protocol.md §6). */
  async function status(wamid: string, next: MessageStatus): Promise<void> {
    const found = store.find(wamid);
    if (found?.message.direction !== 'out' || !store.setStatus(wamid, next)) return;
    const entry = { id: wamid, status: next, timestamp: seconds(), ...recipientFields(found.customer) };
    await deps.deliverer.deliver(webhookEnvelope(deps.metadata.wabaId, value({ statuses: [entry] })), [
      `status:${next}`,
    ]);
  }

  async function postFlow(payload: unknown): Promise<{ status: number; body: string; aesKey: Buffer; iv: Buffer }> {
    const { envelope, aesKey, iv } = encryptFlowRequest(payload, publicKey);
    const body = envelopeBody(envelope);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (deps.appSecret) headers['x-hub-signature-256'] = signBody(body, deps.appSecret);
    const response = await fetch(deps.endpointUrl(), { method: 'POST', headers, body });
    return { status: response.status, body: await response.text(), aesKey, iv };
  }

  /**
   * One encrypted round trip; on 421 the key is fetched again and the request retried once (docs/protocol.md §2.2).
   */
  async function callEndpoint(
    wamid: string,
    payload: Record<string, unknown>,
  ): Promise<{ status: number; response: unknown; latencyMs: number }> {
    const started = performance.now();
    let answer = await postFlow(payload);
    if (answer.status === 421) {
      publicKey = deps.fetchPublicKey();
      answer = await postFlow(payload);
      if (answer.status === 421)
        store.alert({
          at: deps.clock(),
          kind: 'business-decryption-error',
          detail: 'the endpoint could not decrypt twice',
        });
    }
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    // A 200 and a 427 (its `{error_msg}`) are encrypted; other statuses carry no body for the client.
    const response =
      answer.status === 200 || answer.status === 427
        ? decryptFlowResponse(answer.body, answer.aesKey, answer.iv)
        : parseMaybe(answer.body);
    store.exchange({ wamid, request: payload, status: answer.status, response, latencyMs, at: deps.clock() });
    if (answer.status !== 200 && answer.status !== 427)
      store.alert({
        at: deps.clock(),
        kind: 'ENDPOINT_ERROR',
        detail: `HTTP ${answer.status} on ${String(payload.action)}`,
      });
    if (latencyMs > SLOW_MS)
      store.alert({
        at: deps.clock(),
        kind: 'ENDPOINT_LATENCY',
        detail: `${latencyMs} ms on ${String(payload.action)}`,
      });
    return { status: answer.status, response, latencyMs };
  }

  /** The player's request for the Flow opened from message `wamid`. */
  async function flow(wamid: string, call: FlowCall): Promise<FlowCallResult> {
    const found = store.find(wamid);
    const token = flowToken(found?.message);
    if (!found || token === undefined) throw new Error('not a Flow message');
    // The shipped Flow is Data API 4.0: like WhatsApp, sign the token with the app secret (docs/protocol.md §11.2).
    const payload = {
      version: '4.0',
      action: call.action,
      flow_token: token,
      ...(deps.appSecret ? { flow_token_signature: signFlowToken(token, deps.appSecret) } : {}),
      ...(call.screen ? { screen: call.screen } : {}),
      ...(call.data ? { data: call.data } : {}),
    };
    const result = await callEndpoint(wamid, payload);
    if (result.status === 427) {
      found.message.flowDisabled = true;
      store.touch();
    }
    const params = successParams(result.response);
    if (result.status === 200 && params) await complete(wamid, params);
    return { ...result, completed: result.status === 200 && params !== undefined };
  }

  /**
   * The Flow closed with `params`: the nfm_reply goes to the webhook as a reply to the Flow message (docs/protocol.md
   * §2.4, §6).
   */
  async function complete(wamid: string, params: Record<string, unknown>) {
    const found = store.find(wamid);
    if (!found) throw new Error('unknown Flow message');
    const withToken = { flow_token: flowToken(found.message), ...params };
    return inbound(found.customer.waId, {
      type: 'interactive',
      context: { from: deps.metadata.displayPhoneNumber, id: wamid },
      interactive: {
        type: 'nfm_reply',
        nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(withToken) },
      },
    });
  }

  /** Meta's periodic health check: an encrypted `ping` (docs/protocol.md §2.3). */
  async function ping(): Promise<number> {
    try {
      const result = await callEndpoint('ping', { version: '3.0', action: 'ping' });
      if (result.status !== 200)
        store.alert({ at: deps.clock(), kind: 'ENDPOINT_AVAILABILITY', detail: `ping answered ${result.status}` });
      return result.status;
    } catch (error) {
      store.alert({
        at: deps.clock(),
        kind: 'ENDPOINT_AVAILABILITY',
        detail: `ping failed: ${(error as Error).message}`,
      });
      return 0;
    }
  }

  return { inbound, text, status, flow, complete, ping };
}

export type ClientSimulator = ReturnType<typeof createClientSimulator>;

/*
 * How Meta names the customer in a webhook (docs/protocol.md §11.1): the phone number unless they set a
 * username and withhold it, the BSUID when they have one, the username in the contact's profile.
 */
function senderFields(c: Customer): Record<string, string> {
  return { ...(c.username ? {} : { from: c.waId }), ...(c.userId ? { from_user_id: c.userId } : {}) };
}

function contactOf(c: Customer): Record<string, unknown> {
  return {
    profile: { name: c.name, ...(c.username ? { username: c.username } : {}) },
    ...(c.username ? {} : { wa_id: c.waId }),
    ...(c.userId ? { user_id: c.userId } : {}),
  };
}

function recipientFields(c: Customer): Record<string, string> {
  return { ...(c.username ? {} : { recipient_id: c.waId }), ...(c.userId ? { recipient_user_id: c.userId } : {}) };
}

function flowToken(message: ChatMessage | undefined): string | undefined {
  return message?.flow?.token;
}

function successParams(response: unknown): Record<string, unknown> | undefined {
  const r = response as { screen?: unknown; data?: { extension_message_response?: { params?: unknown } } } | undefined;
  const params = r?.data?.extension_message_response?.params;
  return r?.screen === 'SUCCESS' && typeof params === 'object' && params !== null
    ? (params as Record<string, unknown>)
    : undefined;
}

function parseMaybe(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** What WhatsApp puts in `flow_token_signature`: an HS256 JWT keyed with the app secret, claim `flow_token`. */
export function signFlowToken(flowToken: string, appSecret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ flow_token: flowToken })}`;
  return `${input}.${createHmac('sha256', appSecret).update(input).digest('base64url')}`;
}
