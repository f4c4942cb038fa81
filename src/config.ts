import { readFileSync } from 'node:fs';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

/** The ids the sandbox's emulated WhatsApp Business Account uses when none are configured. */
export const SANDBOX_IDS = Object.freeze({
  phoneNumberId: '100000000000001',
  wabaId: '200000000000002',
  flowId: '300000000000003',
});

/** The Graph API version flowbook is written and tested against. */
const DEFAULT_GRAPH_API_VERSION = 'v24.0';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  FLOWBOOK_MODE: z.enum(['sandbox', 'live']).optional(),
  APP_SECRET: optionalString,
  APP_SECRET_PREVIOUS: optionalString,
  REQUIRE_FLOW_TOKEN_SIGNATURE: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  PRIVATE_KEY: optionalString,
  PRIVATE_KEY_FILE: optionalString,
  PASSPHRASE: optionalString,
  VERIFY_TOKEN: optionalString,
  GRAPH_API_TOKEN: optionalString,
  GRAPH_API_BASE_URL: z.url().optional(),
  GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d{2}\.0$/, 'must look like v24.0')
    .default(DEFAULT_GRAPH_API_VERSION),
  PHONE_NUMBER_ID: optionalString,
  WABA_ID: optionalString,
  FLOW_ID: optionalString,
  FLOW_JSON: optionalString,
  DATABASE_URL: optionalString,
  ADMIN_TOKEN: optionalString,
  BUSINESS_CONFIG: optionalString,
  PUBLIC_URL: optionalString,
  SANDBOX_FAULTS: optionalString,
  HANDOFF_TIMEOUT_MINUTES: z.coerce
    .number()
    .positive()
    .max(30 * 24 * 60)
    .default(24 * 60),
  SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(80),
  METRICS_TOKEN: optionalString,
  LOG_TAG_KEY: optionalString,
  // Meta redelivers a webhook for up to 7 days (docs/protocol.md §6): a shorter retention would forget replays.
  RETENTION_DAYS: z.coerce.number().int().min(8).max(3650).default(30),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(4).max(500).default(20),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(65_000),
  // Staff calendars (src/calendars/): how often each is read, and how long one read may take.
  CALENDAR_POLL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  CALENDAR_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(300).default(15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Mode = 'sandbox' | 'live';

/** Everything flowbook reads from its environment, parsed once and frozen. */
export interface Config {
  readonly mode: Mode;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Current app secret first, then the previous one during a rotation. Empty: signatures unchecked (sandbox only). */
  readonly appSecrets: readonly string[];
  /** Data exchanges must carry a verified Data API 4.0 `flow_token_signature` (docs/protocol.md §11.2). */
  readonly requireFlowTokenSignature: boolean;
  /**
   * Parsed once here; never per request (docs/protocol.md §2.1). Undefined in sandbox mode until `main` provides one.
   */
  readonly privateKey: KeyObject | undefined;
  readonly verifyToken: string | undefined;
  readonly graph: {
    readonly token: string | undefined;
    readonly baseUrl: string;
    /** False when `baseUrl` is the mode's default (sandbox: this server's own emulator). */
    readonly baseUrlConfigured: boolean;
    readonly version: string;
    readonly phoneNumberId: string | undefined;
    readonly wabaId: string | undefined;
    readonly flowId: string | undefined;
  };
  /**
   * The Flow JSON file the business published (`FLOW_JSON`); the shipped `flows/appointment.json`
   * when unset. The endpoint's answers carry what its screens declare (docs/protocol.md §3).
   */
  readonly flowJsonPath: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly adminToken: string | undefined;
  readonly businessConfigPath: string | undefined;
  readonly publicUrl: string | undefined;
  /** Staff members' own calendars: each read every `pollMs`, a read given up after `timeoutMs`. */
  readonly calendars: { readonly pollMs: number; readonly timeoutMs: number };
  readonly logLevel: string;
  /** Sandbox fault injection, e.g. `duplicate,reorder,latency=200,5xx=3,429=2` (docs/sandbox.md). */
  readonly sandboxFaults: string | undefined;
  /** The assistant resumes this long after the latest message of a conversation with a person (docs/webhook.md). */
  readonly handoffTimeoutMinutes: number;
  /** Messages per second per business number, across every instance (docs/protocol.md §9: 80, up to 1,000). */
  readonly sendRatePerSecond: number;
  /** Bearer token for `GET /metrics`; without it /metrics follows the admin API's rule (docs/operations.md). */
  readonly metricsToken: string | undefined;
  /**
   * Keys the customer tags in the logs (src/log.ts): LOG_TAG_KEY, else the current APP_SECRET; undefined in a
   * sandbox without either (the data directory then keeps a random one).
   */
  readonly logTagSecret: string | undefined;
  /** Message and webhook rows are deleted this many days after they were last needed (docs/operations.md). */
  readonly retentionDays: number;
  /** Connections each instance opens to a PostgreSQL server (docs/operations.md, pool sizing). */
  readonly databasePoolSize: number;
  /** Deadlines for a request's arrival and a kept-alive connection's idleness (docs/operations.md). */
  readonly http: { readonly requestTimeoutMs: number; readonly keepAliveTimeoutMs: number };
}

const LIVE_REQUIRED = ['APP_SECRET', 'VERIFY_TOKEN', 'GRAPH_API_TOKEN', 'PHONE_NUMBER_ID', 'FLOW_ID'] as const;

/** Secrets a live server refuses when weak: whoever guesses one signs webhooks or runs the admin API. */
const STRONG_IN_LIVE = ['APP_SECRET', 'APP_SECRET_PREVIOUS', 'ADMIN_TOKEN', 'LOG_TAG_KEY'] as const;
const MIN_SECRET_LENGTH = 32;
const MIN_DISTINCT_CHARACTERS = 10;

/**
 * The rule a live secret must pass (README, docs/operations.md): at least 32 characters, at least 10 of
 * them different. Meta's app secret (32 hex digits) passes; `changeme`, a word, a date or `aaaa…` do not.
 * Returns the problem, or undefined when the secret passes.
 */
export function weakSecretProblem(name: string, value: string): string | undefined {
  const distinct = new Set(value).size;
  if (value.length >= MIN_SECRET_LENGTH && distinct >= MIN_DISTINCT_CHARACTERS) return undefined;
  return `${name} is too weak for live mode: use at least ${MIN_SECRET_LENGTH} characters with at least ${MIN_DISTINCT_CHARACTERS} different ones (e.g. openssl rand -hex 32); it has ${value.length} characters, ${distinct} different`;
}

/**
 * Parses the environment into a frozen {@link Config}. Collects every problem before failing,
 * so an operator fixes them all in one go: one {@link ConfigError} lists them. The server requires
 * every live setting; CLI commands pass `requireLiveSettings: false` and check what they use.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: { requireLiveSettings?: boolean } = {},
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const mode: Mode = e.FLOWBOOK_MODE ?? (e.GRAPH_API_TOKEN ? 'live' : 'sandbox');

  // The server needs every live setting; a CLI command checks only the ones it uses.
  if (mode === 'live' && options.requireLiveSettings !== false) {
    for (const name of LIVE_REQUIRED) {
      if (!e[name]) problems.push(`${name} is required in live mode`);
    }
    if (!e.PRIVATE_KEY && !e.PRIVATE_KEY_FILE) {
      problems.push('PRIVATE_KEY or PRIVATE_KEY_FILE is required in live mode');
    }
    for (const name of STRONG_IN_LIVE) {
      const value = e[name];
      const problem = value === undefined ? undefined : weakSecretProblem(name, value);
      if (problem) problems.push(problem);
    }
  }
  // Without a secret nothing can verify the signature, so requiring one would refuse every request.
  if (e.REQUIRE_FLOW_TOKEN_SIGNATURE && !e.APP_SECRET) {
    problems.push('REQUIRE_FLOW_TOKEN_SIGNATURE needs APP_SECRET (the signature is keyed with it)');
  }
  if (e.PRIVATE_KEY && e.PRIVATE_KEY_FILE) {
    problems.push('set PRIVATE_KEY or PRIVATE_KEY_FILE, not both');
  }

  let privateKey: KeyObject | undefined;
  const pem = readPem(e.PRIVATE_KEY, e.PRIVATE_KEY_FILE, problems);
  if (pem !== undefined) {
    try {
      privateKey = parsePrivateKey(pem, e.PASSPHRASE);
    } catch (error) {
      problems.push(`private key: ${describeKeyError(error, e.PASSPHRASE !== undefined)}`);
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    mode,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    appSecrets: Object.freeze([e.APP_SECRET, e.APP_SECRET_PREVIOUS].filter(isString)),
    requireFlowTokenSignature: e.REQUIRE_FLOW_TOKEN_SIGNATURE,
    privateKey,
    verifyToken: e.VERIFY_TOKEN,
    graph: Object.freeze({
      token: e.GRAPH_API_TOKEN,
      // The sandbox answers Graph calls itself (docs/sandbox.md); live mode talks to Meta.
      baseUrl: (
        e.GRAPH_API_BASE_URL ??
        (mode === 'sandbox' ? `http://${e.HOST}:${e.PORT}/sandbox/graph` : 'https://graph.facebook.com')
      ).replace(/\/+$/, ''),
      baseUrlConfigured: e.GRAPH_API_BASE_URL !== undefined,
      version: e.GRAPH_API_VERSION,
      // The sandbox's emulator answers for these ids (docs/sandbox.md); live mode takes Meta's.
      phoneNumberId: e.PHONE_NUMBER_ID ?? (mode === 'sandbox' ? SANDBOX_IDS.phoneNumberId : undefined),
      wabaId: e.WABA_ID ?? (mode === 'sandbox' ? SANDBOX_IDS.wabaId : undefined),
      flowId: e.FLOW_ID ?? (mode === 'sandbox' ? SANDBOX_IDS.flowId : undefined),
    }),
    flowJsonPath: e.FLOW_JSON === undefined ? undefined : path.resolve(e.FLOW_JSON),
    databaseUrl: e.DATABASE_URL,
    adminToken: e.ADMIN_TOKEN,
    businessConfigPath: e.BUSINESS_CONFIG,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    sandboxFaults: e.SANDBOX_FAULTS,
    handoffTimeoutMinutes: e.HANDOFF_TIMEOUT_MINUTES,
    sendRatePerSecond: e.SEND_RATE_PER_SECOND,
    metricsToken: e.METRICS_TOKEN,
    logTagSecret: e.LOG_TAG_KEY ?? e.APP_SECRET,
    retentionDays: e.RETENTION_DAYS,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    http: Object.freeze({
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    }),
    calendars: Object.freeze({
      pollMs: e.CALENDAR_POLL_SECONDS * 1_000,
      timeoutMs: Math.round(e.CALENDAR_TIMEOUT_SECONDS * 1_000),
    }),
  });
}

/**
 * Parses a PEM RSA private key: PKCS#1 or PKCS#8, encrypted or not (docs/protocol.md §2.6).
 * Throws when the passphrase is wrong or the key is not 2048-bit RSA.
 */
export function parsePrivateKey(pem: string, passphrase: string | undefined): KeyObject {
  const key = createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== 'rsa' || details?.modulusLength !== 2048) {
    throw new Error(
      `expected a 2048-bit RSA key, got ${key.asymmetricKeyType ?? 'unknown'} ${details?.modulusLength ?? ''}`.trim(),
    );
  }
  return key;
}

function readPem(inline: string | undefined, file: string | undefined, problems: string[]) {
  // Environments often carry a PEM on one line with literal "\n" sequences.
  if (inline !== undefined) return inline.replace(/\\n/g, '\n');
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`PRIVATE_KEY_FILE ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    return undefined;
  }
}

function describeKeyError(error: unknown, hadPassphrase: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/bad decrypt|passphrase|interrupted or cancelled/i.test(message)) {
    return hadPassphrase ? 'PASSPHRASE does not decrypt PRIVATE_KEY' : 'the key is encrypted: set PASSPHRASE';
  }
  return message;
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}
