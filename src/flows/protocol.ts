import { z } from 'zod';

/** A decrypted Flow data endpoint request (docs/protocol.md §2.3). */
export const flowRequestSchema = z.object({
  version: z.string(),
  action: z.enum(['ping', 'INIT', 'BACK', 'data_exchange']),
  screen: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  flow_token: z.string().optional(),
  flow_token_signature: z.string().optional(),
});
export type FlowRequest = z.infer<typeof flowRequestSchema>;

/** The next screen and its data (docs/protocol.md §2.4). */
export interface ScreenResponse {
  readonly screen: string;
  readonly data: Record<string, unknown>;
}

/** Any answer the endpoint encrypts: a screen, the ping answer, or an error acknowledgement. */
export type FlowResponse = ScreenResponse | { readonly data: Record<string, unknown> };

/** The envelope's shape before decryption. */
export const envelopeSchema = z.object({
  encrypted_flow_data: z.string().min(1),
  encrypted_aes_key: z.string().min(1),
  initial_vector: z.string().min(1),
});

/** `data.error` marks an error notification: the client rejected an earlier response. */
export function isErrorNotification(request: FlowRequest): boolean {
  return request.data !== undefined && ('error' in request.data || 'error_key' in request.data);
}
