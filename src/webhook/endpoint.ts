import { SignatureError } from '../errors.ts';
import { checkSignature } from '../http/signature.ts';
import type { DeliveryStore } from './store.ts';

/** What `POST /webhook` needs: the secrets to check and where deliveries are stored. */
export interface WebhookEndpointDeps {
  /** APP_SECRET then APP_SECRET_PREVIOUS. Empty only in sandbox mode: signatures are not checked. */
  readonly appSecrets: readonly string[];
  readonly mode: 'sandbox' | 'live';
  readonly deliveries: DeliveryStore;
  /** Called after a delivery is stored, to wake the job worker. */
  readonly onStored?: ((deliveryId: number) => void) | undefined;
}

/** What the HTTP adapter sends once a delivery is stored. */
export interface WebhookHttpAnswer {
  readonly status: 200;
  readonly body: 'EVENT_RECEIVED';
  readonly contentType: 'text/plain';
  readonly deliveryId: number;
}

/**
 * `POST /webhook` as a function: the raw bytes and the signature header in, the answer out. The
 * signature is checked on those exact bytes (docs/protocol.md §6), the delivery is stored with its
 * processing job, and nothing is parsed or processed before the answer. A wrong signature throws
 * a 401 SignatureError; a failed store throws, and Meta delivers again. `requestId` is kept with the
 * delivery: its processing logs with it.
 */
export async function handleWebhookHttp(
  rawBody: Buffer,
  signatureHeader: string | string[] | undefined,
  deps: WebhookEndpointDeps,
  requestId?: string,
): Promise<WebhookHttpAnswer> {
  if (deps.appSecrets.length > 0 || deps.mode === 'live') {
    const check = checkSignature(rawBody, signatureHeader, deps.appSecrets);
    if (check !== 'ok') throw new SignatureError(check === 'malformed' ? 'malformed' : check, 401);
  }
  const deliveryId = await deps.deliveries.store(rawBody, requestId);
  deps.onStored?.(deliveryId);
  return { status: 200, body: 'EVENT_RECEIVED', contentType: 'text/plain', deliveryId };
}
