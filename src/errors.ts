/**
 * One base error with a stable string `code`, the HTTP status it maps to, and a `cause`.
 * Every failure flowbook reports is one subclass here, so the HTTP layer maps errors to
 * responses in exactly one place (`src/http/errors.ts`) and tests can assert on `code`.
 */
export class FlowbookError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra, non-personal facts safe to log and (for 4xx) to show to the caller. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    status: number,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = options.details;
  }
}

/** Configuration is missing or invalid; `problems` names every one of them. */
export class ConfigError extends FlowbookError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[], cause?: unknown) {
    super('FB_CONFIG', 500, `Invalid configuration:\n  - ${problems.join('\n  - ')}`, { cause });
    this.problems = problems;
  }
}

/** The request body is not what the route accepts (wrong shape, not JSON). */
export class BadRequestError extends FlowbookError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('FB_BAD_REQUEST', 400, message, details ? { details } : {});
  }
}

/** The body is larger than the route's cap. */
export class PayloadTooLargeError extends FlowbookError {
  constructor(limit: number) {
    super('FB_PAYLOAD_TOO_LARGE', 413, `Body exceeds ${limit} bytes`, { details: { limit } });
  }
}

/** `X-Hub-Signature-256` is missing, malformed or wrong. The Flow endpoint answers 432 (SPEC §2.2). */
export class SignatureError extends FlowbookError {
  constructor(reason: 'missing' | 'malformed' | 'mismatch', status = 432) {
    super('FB_SIGNATURE', status, `Request signature ${reason}`, { details: { reason } });
  }
}

/** The Flow request could not be decrypted (RSA, base64, GCM tag). WhatsApp re-fetches the key on 421. */
export class DecryptionError extends FlowbookError {
  constructor(reason: string, cause?: unknown) {
    super('FB_DECRYPTION', 421, `Could not decrypt the request: ${reason}`, { cause });
  }
}

/** The flow token is forged, expired or used up. WhatsApp disables the Flow's button on 427. */
export class FlowTokenError extends FlowbookError {
  constructor(reason: 'malformed' | 'forged' | 'expired' | 'used', cause?: unknown) {
    super('FB_FLOW_TOKEN', 427, `Flow token ${reason}`, { cause, details: { reason } });
  }
}

/** A caller without the admin bearer token. */
export class UnauthorizedError extends FlowbookError {
  constructor(message = 'Missing or wrong bearer token') {
    super('FB_UNAUTHORIZED', 401, message);
  }
}

/** A resource that does not exist. */
export class NotFoundError extends FlowbookError {
  constructor(what: string) {
    super('FB_NOT_FOUND', 404, `${what} not found`);
  }
}

/** A state change that lost a race or is not allowed from the current state. */
export class ConflictError extends FlowbookError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, 409, message, details ? { details } : {});
  }
}

/** Catalog (business configuration) is invalid; every problem names its path and rule. */
export class CatalogError extends FlowbookError {
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super('FB_CATALOG', 500, `Invalid business catalog ${source}:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

/** Returns `error` when it is an Error, else wraps the thrown value so only Errors travel. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The command line was given something it cannot use; the CLI prints the message as one line. */
export class UsageError extends FlowbookError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FB_USAGE', 400, message, options);
  }
}
