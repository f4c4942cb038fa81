import { FlowbookError } from '../errors.ts';

/**
 * Template failures. Each carries the Cloud API error code WhatsApp would report for the same
 * mistake (docs/protocol.md §8, §9), so a caller can treat a local refusal and a webhook failure alike;
 * 132xxx codes are never retried.
 */
export abstract class TemplateError extends FlowbookError {
  abstract readonly cloudCode: number | undefined;
}

/** The language pack or the template element in it does not exist (docs/protocol.md §8 `structure_unavailable`). */
export class StructureUnavailableError extends TemplateError {
  readonly cloudCode = 132001;
  readonly reason: 'pack_missing' | 'element_missing';
  readonly template: string;
  readonly language: string;
  readonly availableLanguages: readonly string[];
  constructor(
    reason: 'pack_missing' | 'element_missing',
    template: string,
    language: string,
    availableLanguages: readonly string[],
    hint?: string,
  ) {
    const pack = `no language pack "${language}"${hint ? ` (${hint})` : ''}`;
    const what = reason === 'pack_missing' ? pack : `template "${template}" is not in language pack "${language}"`;
    const has = availableLanguages.length ? availableLanguages.join(', ') : 'none';
    super('FB_TEMPLATE_STRUCTURE_UNAVAILABLE', `structure_unavailable: ${what}; "${template}" exists in: ${has}`, {
      details: { reason, template, language, availableLanguages, cloudCode: 132001 },
    });
    this.reason = reason;
    this.template = template;
    this.language = language;
    this.availableLanguages = availableLanguages;
  }
}

/** The parameters given do not match the template's placeholders (Cloud API 132000). */
export class ParameterMismatchError extends TemplateError {
  readonly cloudCode = 132000;
  readonly expected: number;
  readonly given: number;
  constructor(template: string, expected: number, given: number, problem?: string) {
    const base = `template "${template}" expects ${expected} parameter(s), ${given} given`;
    super('FB_TEMPLATE_PARAMETER_COUNT', problem ? `${base}: ${problem}` : base, {
      details: { template, expected, given, cloudCode: 132000 },
    });
    this.expected = expected;
    this.given = given;
  }
}

/** A parameter has the wrong shape or a value WhatsApp refuses (Cloud API 132012 / 132018). */
export class ParameterFormatError extends TemplateError {
  readonly cloudCode: number;
  constructor(template: string, parameter: string, problem: string, cloudCode = 132012) {
    super('FB_TEMPLATE_PARAMETER_FORMAT', `template "${template}", parameter ${parameter}: ${problem}`, {
      details: { template, parameter, cloudCode },
    });
    this.cloudCode = cloudCode;
  }
}

/** One problem in a template file; `rule` is a stable id tests and tools can match on. */
export interface TemplateProblem {
  file: string;
  language?: string;
  field: string;
  rule: string;
  message: string;
}

/** Formats a problem as `file [language] field: message (rule)`. */
export function formatProblem(p: TemplateProblem): string {
  return `${p.file}${p.language ? ` [${p.language}]` : ''} ${p.field}: ${p.message} (${p.rule})`;
}

/** The template folder has problems; `problems` lists every one of them. */
export class TemplateLintError extends TemplateError {
  readonly cloudCode = undefined;
  readonly problems: readonly TemplateProblem[];
  constructor(source: string, problems: readonly TemplateProblem[]) {
    super(
      'FB_TEMPLATE_INVALID',
      `Invalid message templates in ${source}:\n  - ${problems.map(formatProblem).join('\n  - ')}`,
    );
    this.problems = problems;
  }
}
