import type { JsonNode, Span } from './json-ast.ts';

/**
 * One problem in a Flow JSON, in the shape of the `validation_errors` items Meta returns from
 * `POST /{FLOW_ID}/assets` (docs/protocol.md §5), plus the JSON pointer of the offending key or value.
 * Lines and columns are 1-based; `column_end` is the column just after the last character.
 */
export interface ValidationError {
  readonly error: ErrorCode;
  readonly error_type: ErrorType;
  readonly message: string;
  readonly pointer: string;
  readonly line_start: number;
  readonly line_end: number;
  readonly column_start: number;
  readonly column_end: number;
}

export type ErrorType =
  | 'JSON_SYNTAX_ERROR'
  | 'FLOW_JSON_ERROR'
  | 'ROUTING_MODEL_ERROR'
  | 'COMPONENT_ERROR'
  | 'ACTION_ERROR'
  | 'REFERENCE_ERROR';

/** Every stable code the validator emits, with the family it belongs to. docs/flow-validator.md lists them. */
export const ERROR_CODES = {
  INVALID_JSON: 'JSON_SYNTAX_ERROR',
  DUPLICATE_KEY: 'JSON_SYNTAX_ERROR',
  FLOW_JSON_TOO_LARGE: 'FLOW_JSON_ERROR',
  NULL_VALUE: 'FLOW_JSON_ERROR',
  INVALID_ROOT: 'FLOW_JSON_ERROR',
  MISSING_REQUIRED_PROPERTY: 'FLOW_JSON_ERROR',
  UNKNOWN_PROPERTY: 'FLOW_JSON_ERROR',
  INVALID_PROPERTY_TYPE: 'FLOW_JSON_ERROR',
  UNSUPPORTED_VERSION: 'FLOW_JSON_ERROR',
  INVALID_DATA_API_VERSION: 'FLOW_JSON_ERROR',
  MISSING_DATA_API_VERSION: 'FLOW_JSON_ERROR',
  DATA_CHANNEL_URI_NOT_SUPPORTED: 'FLOW_JSON_ERROR',
  EMPTY_SCREENS: 'FLOW_JSON_ERROR',
  INVALID_SCREEN_ID: 'FLOW_JSON_ERROR',
  RESERVED_SCREEN_ID: 'FLOW_JSON_ERROR',
  DUPLICATE_SCREEN_ID: 'FLOW_JSON_ERROR',
  INVALID_LAYOUT_TYPE: 'FLOW_JSON_ERROR',
  SUCCESS_ON_NON_TERMINAL: 'FLOW_JSON_ERROR',
  REFRESH_ON_BACK_WITHOUT_ENDPOINT: 'FLOW_JSON_ERROR',
  SENSITIVE_UNKNOWN_FIELD: 'FLOW_JSON_ERROR',
  INVALID_DATA_DECLARATION: 'FLOW_JSON_ERROR',
  MISSING_EXAMPLE: 'FLOW_JSON_ERROR',
  EXAMPLE_TYPE_MISMATCH: 'FLOW_JSON_ERROR',
  MISSING_ROUTING_MODEL: 'ROUTING_MODEL_ERROR',
  NO_TERMINAL_SCREEN: 'ROUTING_MODEL_ERROR',
  TERMINAL_SCREEN_WITHOUT_FOOTER: 'ROUTING_MODEL_ERROR',
  ROUTING_UNKNOWN_SCREEN: 'ROUTING_MODEL_ERROR',
  ROUTING_SELF_ROUTE: 'ROUTING_MODEL_ERROR',
  ROUTING_TOO_MANY_BRANCHES: 'ROUTING_MODEL_ERROR',
  ROUTING_BACK_EDGE: 'ROUTING_MODEL_ERROR',
  ROUTING_CYCLE: 'ROUTING_MODEL_ERROR',
  ROUTING_NO_ENTRY_SCREEN: 'ROUTING_MODEL_ERROR',
  ROUTING_MULTIPLE_ENTRY_SCREENS: 'ROUTING_MODEL_ERROR',
  ROUTE_NOT_TERMINATED: 'ROUTING_MODEL_ERROR',
  NAVIGATE_UNKNOWN_SCREEN: 'ROUTING_MODEL_ERROR',
  NAVIGATE_SELF: 'ROUTING_MODEL_ERROR',
  NAVIGATE_NOT_IN_ROUTING_MODEL: 'ROUTING_MODEL_ERROR',
  UNKNOWN_COMPONENT: 'COMPONENT_ERROR',
  COMPONENT_NOT_IN_VERSION: 'COMPONENT_ERROR',
  UNKNOWN_COMPONENT_PROPERTY: 'COMPONENT_ERROR',
  TOO_MANY_COMPONENTS: 'COMPONENT_ERROR',
  TEXT_TOO_LONG: 'COMPONENT_ERROR',
  EMPTY_TEXT: 'COMPONENT_ERROR',
  TOO_MANY_FOOTERS: 'COMPONENT_ERROR',
  TOO_MANY_OPT_INS: 'COMPONENT_ERROR',
  TOO_MANY_EMBEDDED_LINKS: 'COMPONENT_ERROR',
  TOO_MANY_IMAGES: 'COMPONENT_ERROR',
  NAVIGATION_LIST_MISUSED: 'COMPONENT_ERROR',
  OPTIONS_COUNT_OUT_OF_RANGE: 'COMPONENT_ERROR',
  DUPLICATE_OPTION_ID: 'COMPONENT_ERROR',
  DUPLICATE_COMPONENT_NAME: 'COMPONENT_ERROR',
  INVALID_ENUM_VALUE: 'COMPONENT_ERROR',
  INVALID_DATE: 'COMPONENT_ERROR',
  INVALID_DATE_RANGE: 'COMPONENT_ERROR',
  LIMIT_EXCEEDED: 'COMPONENT_ERROR',
  EMPTY_BRANCH: 'COMPONENT_ERROR',
  IF_FOOTER_MISMATCH: 'COMPONENT_ERROR',
  IF_NESTING_TOO_DEEP: 'COMPONENT_ERROR',
  UNKNOWN_ACTION: 'ACTION_ERROR',
  ACTION_NOT_IN_VERSION: 'ACTION_ERROR',
  ACTION_NOT_ALLOWED: 'ACTION_ERROR',
  COMPLETE_ON_NON_TERMINAL: 'ACTION_ERROR',
  INVALID_REFERENCE: 'REFERENCE_ERROR',
  UNDECLARED_DATA_REFERENCE: 'REFERENCE_ERROR',
  UNKNOWN_FORM_REFERENCE: 'REFERENCE_ERROR',
  UNKNOWN_SCREEN_REFERENCE: 'REFERENCE_ERROR',
  GLOBAL_REFERENCE_NOT_IN_VERSION: 'REFERENCE_ERROR',
} as const satisfies Record<string, ErrorType>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Collects errors; every rule reports through one of these so positions are computed once, the same way. */
export class Reporter {
  readonly errors: ValidationError[] = [];

  /** Reports `code` at a node (its whole value) or at an explicit span (e.g. a key). */
  add(code: ErrorCode, message: string, at: JsonNode | { span: Span; pointer: string }): void {
    const { start, end } = at.span;
    this.errors.push({
      error: code,
      error_type: ERROR_CODES[code],
      message,
      pointer: at.pointer,
      line_start: start.line,
      line_end: end.line,
      column_start: start.column,
      column_end: end.column,
    });
  }
}
