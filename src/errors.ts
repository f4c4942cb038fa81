/**
 * Every failure flowbook reports is a FlowbookError with a stable `code` from this one table, which
 * says the HTTP status it maps to and whether trying again can succeed. The HTTP layer maps errors to
 * responses in one place (`src/http/errors.ts`), the job worker retries only what is retryable, and
 * `docs/errors.md` lists the same codes (a test keeps the two equal).
 */
export const ERROR_CODES = {
  FB_CONFIG: { status: 500, retryable: false },
  FB_CATALOG: { status: 500, retryable: false },
  FB_CATALOG_INVALID: { status: 400, retryable: false },
  FB_CATALOG_STALE: { status: 409, retryable: false },
  FB_USAGE: { status: 400, retryable: false },
  FB_BAD_REQUEST: { status: 400, retryable: false },
  FB_BODY_TOO_LARGE: { status: 413, retryable: false },
  FB_SIGNATURE: { status: 432, retryable: false },
  FB_DECRYPTION: { status: 421, retryable: false },
  FB_FLOW_TOKEN: { status: 427, retryable: false },
  FB_UNAUTHORIZED: { status: 401, retryable: false },
  FB_FORBIDDEN: { status: 403, retryable: false },
  FB_CSRF: { status: 403, retryable: false },
  FB_RATE_LIMITED: { status: 429, retryable: true },
  FB_NOT_FOUND: { status: 404, retryable: false },
  FB_INTERNAL: { status: 500, retryable: true },
  FB_SLOT_TAKEN: { status: 409, retryable: false },
  FB_HOLD_MISSING: { status: 409, retryable: false },
  FB_BOOKING_STATE: { status: 409, retryable: false },
  FB_SERVICE_WINDOW: { status: 409, retryable: false },
  FB_HANDOFF_STATE: { status: 409, retryable: false },
  FB_UNKNOWN_UNIT: { status: 404, retryable: false },
  FB_BOOKING_LIMIT: { status: 409, retryable: false },
  FB_TEMPLATE_STRUCTURE_UNAVAILABLE: { status: 422, retryable: false },
  FB_TEMPLATE_PARAMETER_COUNT: { status: 422, retryable: false },
  FB_TEMPLATE_PARAMETER_FORMAT: { status: 422, retryable: false },
  FB_TEMPLATE_INVALID: { status: 500, retryable: false },
  FB_WA_MESSAGE_LIMIT: { status: 400, retryable: false },
  FB_GRAPH_API: { status: 502, retryable: true },
  FB_GRAPH_TIMEOUT: { status: 504, retryable: true },
  FB_GRAPH_NETWORK: { status: 504, retryable: true },
  FB_GRAPH_RESPONSE: { status: 502, retryable: true },
  FB_FLOW_VALIDATION: { status: 422, retryable: false },
  FB_DATA_DIR_LOCKED: { status: 500, retryable: false },
} as const satisfies Record<string, { readonly status: number; readonly retryable: boolean }>;

/** Every code a FlowbookError can carry. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** What a FlowbookError may carry beyond its code and message. */
export interface ErrorOptions {
  readonly cause?: unknown;
  /** Extra, non-personal facts safe to log and (for 4xx) to show to the caller. */
  readonly details?: Record<string, unknown> | undefined;
  /** Overrides the table's status (the webhook answers a bad signature with 401, the Flow endpoint 432). */
  readonly status?: number;
  /** Overrides the table's verdict (Meta's error codes decide a Graph error's, src/whatsapp/retry.ts). */
  readonly retryable?: boolean;
}

/** One base error: a stable `code`, the HTTP `status` it maps to, whether to retry, and a `cause`. */
export class FlowbookError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  /** Extra, non-personal facts safe to log and (for 4xx) to show to the caller. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? ERROR_CODES[code].status;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.details = options.details;
  }
}

/** Configuration is missing or invalid; `problems` names every one of them. */
export class ConfigError extends FlowbookError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[], cause?: unknown) {
    super('FB_CONFIG', `Invalid configuration:\n  - ${problems.join('\n  - ')}`, { cause });
    this.problems = problems;
  }
}

/** The request body is not what the route accepts (wrong shape, not JSON). */
export class BadRequestError extends FlowbookError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('FB_BAD_REQUEST', message, { details });
  }
}

/** The request body is larger than its route accepts; nothing of it was read further or stored. */
export class BodyTooLargeError extends FlowbookError {
  constructor(limitBytes: number) {
    super('FB_BODY_TOO_LARGE', `The request body is larger than this route accepts (${limitBytes} bytes)`, {
      details: { limitBytes },
    });
  }
}

/** `X-Hub-Signature-256` is missing, malformed or wrong. The Flow endpoint answers 432 (docs/protocol.md §2.2). */
export class SignatureError extends FlowbookError {
  constructor(reason: 'missing' | 'malformed' | 'mismatch', status = 432) {
    super('FB_SIGNATURE', `Request signature ${reason}`, { status, details: { reason } });
  }
}

/** The Flow request could not be decrypted (RSA, base64, GCM tag). WhatsApp re-fetches the key on 421. */
export class DecryptionError extends FlowbookError {
  constructor(reason: string, cause?: unknown) {
    super('FB_DECRYPTION', `Could not decrypt the request: ${reason}`, { cause });
  }
}

/** The flow token is forged, expired or used up. WhatsApp disables the Flow's button on 427. */
export class FlowTokenError extends FlowbookError {
  constructor(reason: 'malformed' | 'forged' | 'expired' | 'used', cause?: unknown) {
    super('FB_FLOW_TOKEN', `Flow token ${reason}`, { cause, details: { reason } });
  }
}

/** A caller without the admin bearer token. */
export class UnauthorizedError extends FlowbookError {
  constructor(message = 'Missing or wrong bearer token') {
    super('FB_UNAUTHORIZED', message);
  }
}

/** A signed-in console user asking for what their role or locations do not cover. */
export class ForbiddenError extends FlowbookError {
  constructor(message: string) {
    super('FB_FORBIDDEN', message);
  }
}

/** A console write without the session's CSRF token (src/console/access.ts). */
export class CsrfError extends FlowbookError {
  constructor() {
    super('FB_CSRF', 'Missing or wrong CSRF token: reload the console and try again');
  }
}

/** Too many attempts from one client (the console's sign-in); `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends FlowbookError {
  constructor(retryAfterSeconds: number) {
    super('FB_RATE_LIMITED', `Too many attempts: try again in ${retryAfterSeconds} s`, {
      details: { retryAfterSeconds },
    });
  }
}

/** A resource that does not exist. */
export class NotFoundError extends FlowbookError {
  constructor(what: string) {
    super('FB_NOT_FOUND', `${what} not found`);
  }
}

/** A state change that lost a race or is not allowed from the current state. */
export class ConflictError extends FlowbookError {
  constructor(
    code:
      | 'FB_SLOT_TAKEN'
      | 'FB_HOLD_MISSING'
      | 'FB_BOOKING_STATE'
      | 'FB_SERVICE_WINDOW'
      | 'FB_HANDOFF_STATE'
      | 'FB_BOOKING_LIMIT'
      | 'FB_CATALOG_STALE',
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, { details });
  }
}

/** Catalog (business configuration) is invalid; every problem names its path and rule. */
export class CatalogError extends FlowbookError {
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super('FB_CATALOG', `Invalid business catalog ${source}:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

/** A catalog edit that does not validate: nothing of it is applied; each problem names its field by path. */
export class CatalogEditError extends FlowbookError {
  readonly problems: ReadonlyArray<{ readonly path: string; readonly message: string }>;
  constructor(problems: ReadonlyArray<{ readonly path: string; readonly message: string }>) {
    super(
      'FB_CATALOG_INVALID',
      `The catalog was not changed: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      {
        details: { problems },
      },
    );
    this.problems = problems;
  }
}

/** The command line was given something it cannot use; the CLI prints the message as one line. */
export class UsageError extends FlowbookError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FB_USAGE', message, options);
  }
}

/** Another live process serves the embedded database in this DATA_DIR (src/db/lock.ts). */
export class DataDirLockedError extends FlowbookError {
  constructor(dataDir: string, holder: string) {
    super(
      'FB_DATA_DIR_LOCKED',
      `DATA_DIR ${dataDir} is in use by another flowbook process (${holder}): stop that process, or give this one its own DATA_DIR (two processes on one embedded database corrupt it)`,
    );
  }
}

/** Errors a program makes, not the world: running again cannot help. */
const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/**
 * SQLSTATE classes of failures that pass (docs/errors.md): connection exceptions (08), transaction
 * rollbacks such as deadlocks and serialization failures (40), insufficient resources (53),
 * operator intervention such as a server restart (57) and system errors (58). Every other SQLSTATE
 * (a constraint, a syntax error) fails the same way each time.
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58']);

/**
 * Whether running the failed work again can succeed: a FlowbookError says so itself; a programming
 * error (TypeError and its kin) never; a database error by its SQLSTATE class; anything else (a
 * socket reset, an unknown I/O failure) is tried again.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof FlowbookError) return error.retryable;
  if (PROGRAMMING_ERRORS.some((kind) => error instanceof kind)) return false;
  // A database error carries a severity beside its SQLSTATE; a Node socket error (EPIPE, EBUSY) has a
  // code of five letters too, and is retried below.
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  if (typeof code === 'string' && typeof severity === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
  }
  return true;
}

/** Returns `error` when it is an Error, else wraps the thrown value so only Errors travel. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
