import { catalogForNumber } from '../catalog/numbers.ts';
import type { Catalog } from '../catalog/schema.ts';
import { BadRequestError, FlowTokenError, SignatureError } from '../errors.ts';
import { checkSignature } from '../http/signature.ts';
import type { Logger } from '../log.ts';
import { handleAppointmentFlow } from './appointment/handler.ts';
import { decryptFlowRequest, encryptFlowResponse, type FlowPrivateKey } from './crypto.ts';
import { funnelStep, type FunnelPort } from './funnel.ts';
import type { AvailabilityPort, BookingPort, WaitlistPort } from './ports.ts';
import type { ServedFlow } from './served-flow.ts';
import { flowStrings } from './strings.ts';
import {
  envelopeSchema,
  flowRequestSchema,
  isErrorNotification,
  type FlowRequest,
  type FlowResponse,
} from './protocol.ts';
import type { FlowTokenCodec } from './token.ts';
import { verifyFlowTokenSignature } from './token-signature.ts';

export interface FlowEndpointDeps {
  readonly key: FlowPrivateKey;
  readonly tokens: FlowTokenCodec;
  /** Accepted app secrets, current first. Empty only in sandbox mode without APP_SECRET. */
  readonly appSecrets: readonly string[];
  /** Refuse data exchanges without a Data API 4.0 `flow_token_signature` (REQUIRE_FLOW_TOKEN_SIGNATURE). */
  readonly requireTokenSignature?: boolean;
  readonly catalog: () => Catalog;
  readonly availability: AvailabilityPort;
  readonly bookings: BookingPort;
  /** The waitlist APPOINTMENT links to when no time suits (src/waitlist/); none: no link. */
  readonly waitlist?: WaitlistPort | undefined;
  readonly clock: () => number;
  readonly log: Logger;
  /** The Flow JSON the business published (flowbook's or Meta's Builder template). */
  readonly flow: ServedFlow;
  /** Told how far each session got (the console's funnel, src/insights/funnel.ts); none: not recorded. */
  readonly funnel?: FunnelPort | undefined;
}

/** What the HTTP adapter sends: an encrypted text/plain body, a screen or a 427's `{error_msg}`. */
export interface FlowHttpAnswer {
  readonly status: 200 | 427;
  readonly body: string;
  readonly contentType: 'text/plain';
  /** The decrypted request's action (`ping`, `INIT`, `data_exchange`, `BACK`), for metrics. */
  readonly action: string;
}

/**
 * The Flow data endpoint as a function: raw bytes and the signature header in, the encrypted
 * answer out. Failures are thrown as FlowbookErrors carrying the status WhatsApp understands
 * (docs/protocol.md §2.2): 432 signature, 400 not an envelope, 421 undecryptable. A refused token is
 * answered here, 427 with `{error_msg}` encrypted under the request's key, which only this function holds.
 * `log` is the request's own logger when there is one (its lines carry the request id).
 */
export async function handleFlowHttp(
  rawBody: Buffer,
  signatureHeader: string | string[] | undefined,
  deps: FlowEndpointDeps,
  log: Logger = deps.log,
): Promise<FlowHttpAnswer> {
  if (deps.appSecrets.length > 0) {
    const check = checkSignature(rawBody, signatureHeader, deps.appSecrets);
    if (check !== 'ok') throw new SignatureError(check);
  }
  const envelope = envelopeSchema.safeParse(parseJson(rawBody));
  if (!envelope.success)
    throw new BadRequestError('Body is not a Flow envelope {encrypted_flow_data, encrypted_aes_key, initial_vector}');

  const { payload, aesKey, iv } = await decryptFlowRequest(envelope.data, deps.key);
  const request = flowRequestSchema.safeParse(payload);
  if (!request.success) {
    throw new BadRequestError('Decrypted request is not a Flow request', {
      issues: request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  try {
    const response = await answer(request.data, deps, log);
    const body = encryptFlowResponse(response, aesKey, iv);
    return { status: 200, body, contentType: 'text/plain', action: request.data.action };
  } catch (error) {
    if (!(error instanceof FlowTokenError)) throw error;
    log.info({ code: error.code, reason: error.details?.reason }, 'flow token refused');
    const error_msg = flowStrings(tokenLanguage(request.data.flow_token, deps)).sessionEnded;
    const body = encryptFlowResponse({ error_msg }, aesKey, iv);
    return { status: 427, body, contentType: 'text/plain', action: request.data.action };
  }
}

/**
 * The language of a refused token when it is authentic (expired or used up: read as of the epoch, so
 * only the expiry is not checked); English for a forged or missing one.
 */
function tokenLanguage(token: string | undefined, deps: FlowEndpointDeps): string {
  try {
    return deps.tokens.open(token, 0).language;
  } catch {
    return 'en';
  }
}

async function answer(request: FlowRequest, deps: FlowEndpointDeps, log: Logger): Promise<FlowResponse> {
  if (request.action === 'ping') return { data: { status: 'active' } };
  const now = deps.clock();
  const notification = isErrorNotification(request);
  checkTokenSignature(request, deps, now, !notification);
  if (notification) {
    const data = request.data ?? {};
    // Only Meta's error key and screen: the message may quote customer input.
    log.warn({ screen: request.screen, error: data.error ?? data.error_key }, 'flow client reported an error');
    return { data: { acknowledged: true } };
  }
  const session = deps.tokens.open(request.flow_token, now);
  // A confirmed session is used up, except that the client may retry the confirmation itself:
  // that retry gets the same SUCCESS (the confirmation is idempotent).
  const isConfirmRetry = request.action === 'data_exchange' && request.screen === 'SUMMARY';
  if (!isConfirmRetry && (await deps.bookings.isUsed(session))) throw new FlowTokenError('used');
  const catalog = catalogForNumber(deps.catalog(), session.number);
  const response = await handleAppointmentFlow(request, {
    // A customer who wrote to one of several numbers books among that number's locations.
    catalog,
    availability: deps.availability,
    bookings: deps.bookings,
    waitlist: deps.waitlist,
    session,
    flowToken: request.flow_token!,
    now,
    flow: deps.flow,
  });
  if (deps.funnel) tellFunnel(deps.funnel, request, response, now, catalog, log);
  return response;
}

/** The funnel hears of the answered step; its failure is logged (without the token), never the request's. */
function tellFunnel(
  funnel: FunnelPort,
  request: FlowRequest,
  response: FlowResponse,
  now: number,
  catalog: Catalog,
  log: Logger,
): void {
  try {
    if (request.flow_token === undefined) return;
    const named = request.data?.location;
    const location = catalog.locations.find((l) => l.id === named)?.id;
    // A refresh that names a location (choosing it fills the dates) is no step of its own, but it tells
    // where the session is going: it is reported at INIT, which never moves a session back.
    const step = funnelStep(request, response) ?? (location && request.action === 'data_exchange' ? 'INIT' : undefined);
    if (step === undefined) return;
    funnel.reached(request.flow_token, step, now, location);
  } catch (error) {
    log.warn({ err: error }, 'flow funnel step not recorded');
  }
}

/**
 * Data API 4.0's `flow_token_signature` (docs/protocol.md §11.2), checked before the token is
 * opened so that a forged request learns nothing about the token: verified whenever present (error
 * notifications too), and with `requireTokenSignature` a data exchange (INIT, BACK, data_exchange)
 * without one is a 432. Meta documents the field on data exchanges only, so a notification may lack it.
 */
function checkTokenSignature(request: FlowRequest, deps: FlowEndpointDeps, now: number, exchange: boolean): void {
  const jwt = request.flow_token_signature;
  if (jwt === undefined) {
    if (exchange && deps.requireTokenSignature) throw new SignatureError('missing');
    return;
  }
  // Sandbox without APP_SECRET checks no signature at all (docs/sandbox.md); live always has a secret.
  if (deps.appSecrets.length === 0) return;
  verifyFlowTokenSignature(jwt, request.flow_token ?? '', deps.appSecrets, now);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
