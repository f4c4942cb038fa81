/** Meta's Graph API error envelope: `{error: {message, type, code, error_subcode?, error_data?, fbtrace_id}}`. */
export interface MetaErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code: number;
    readonly error_data?: { readonly messaging_product: 'whatsapp'; readonly details: string };
    readonly fbtrace_id: string;
  };
}

/** An error the emulator answers with, carrying the HTTP status Meta uses for it. */
export class MetaError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly metaCode: number,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }

  body(): MetaErrorBody {
    return {
      error: {
        message: this.message,
        type: 'OAuthException',
        code: this.metaCode,
        ...(this.details ? { error_data: { messaging_product: 'whatsapp' as const, details: this.details } } : {}),
        fbtrace_id: `Sbx${Math.random().toString(36).slice(2, 12)}`,
      },
    };
  }
}

/** The Cloud API codes the emulator produces (docs/protocol.md §9). */
export const metaErrors = {
  invalidParameter: (details: string) => new MetaError(400, 100, '(#100) Invalid parameter', details),
  flowBlocked: (details: string) => new MetaError(400, 132068, 'Flow is in blocked state', details),
  flowThrottled: (details: string) => new MetaError(400, 132069, 'Flow is in throttled state', details),
  outsideWindow: () =>
    new MetaError(
      400,
      131047,
      'Re-engagement message',
      'More than 24 hours have passed since the recipient last replied to the sender number.',
    ),
  templateParams: (details: string) =>
    new MetaError(400, 132000, '(#132000) Number of parameters does not match the expected number of params', details),
  templateMissing: (details: string) =>
    new MetaError(404, 132001, '(#132001) Template name does not exist in the translation', details),
  templateFormat: (code: number, details: string) =>
    new MetaError(400, code, `(#${code}) Parameter format does not match format in the created template`, details),
  undeliverable: (details: string) => new MetaError(400, 131026, 'Message undeliverable', details),
  rate: () => new MetaError(429, 130429, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.'),
  unavailable: () => new MetaError(503, 2, 'Service temporarily unavailable'),
  notFound: (what: string) => new MetaError(404, 100, `Unsupported request - ${what} does not exist`),
};
