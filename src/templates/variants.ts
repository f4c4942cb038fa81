import type { TemplateProblem } from './errors.ts';
import type { TemplateDefinition, TemplateRegistry } from './schema.ts';

/**
 * A template's body is fixed when Meta approves it, and a parameter can be neither empty nor hold a new
 * line (docs/protocol.md §8), so a line that only some bookings have (the price) cannot come and go with
 * the values: it lives in a variant, `<name>_priced`, which is its base with one `currency` parameter more.
 */
export const PRICED_SUFFIX = '_priced';

/** `appointment_reminder` → `appointment_reminder_priced`. */
export function pricedName(base: string): string {
  return `${base}${PRICED_SUFFIX}`;
}

/**
 * The name to send for a booking: the priced variant when there is a price to show and the business has
 * that variant in the language; otherwise the base (the message then names no price rather than fail).
 */
export function variantName(registry: TemplateRegistry, base: string, language: string, priced: boolean): string {
  if (!priced) return base;
  const name = pricedName(base);
  return registry.packs.get(language)?.elements.has(name) ? name : base;
}

/**
 * Checks every `<base>_priced` against its base, so the two cannot drift apart: the base exists, in the same
 * languages, with the same buttons; the variant declares the base's parameters, in the same format and order,
 * plus one `currency` parameter (rule `variant_mismatch`).
 */
export function lintVariants(definitions: readonly TemplateDefinition[]): TemplateProblem[] {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const problems: TemplateProblem[] = [];
  for (const variant of definitions) {
    if (!variant.name.endsWith(PRICED_SUFFIX)) continue;
    const report = (field: string, message: string, language?: string) =>
      problems.push({
        file: variant.file,
        field,
        rule: 'variant_mismatch',
        message,
        ...(language ? { language } : {}),
      });
    const baseName = variant.name.slice(0, -PRICED_SUFFIX.length);
    const base = byName.get(baseName);
    if (!base) {
      report('name', `a priced variant needs its base template "${baseName}"`);
      continue;
    }
    if (variant.parameterFormat !== base.parameterFormat)
      report('parameter_format', `${variant.parameterFormat}, but ${baseName} is ${base.parameterFormat}`);
    const extra = variant.parameters.filter((p) => !base.parameters.some((b) => b.name === p.name));
    const kept = variant.parameters.filter((p) => base.parameters.some((b) => b.name === p.name));
    const sameKept = kept.map((p) => `${p.name}:${p.kind}`).join(',');
    const baseList = base.parameters.map((p) => `${p.name}:${p.kind}`).join(',');
    if (sameKept !== baseList || extra.length !== 1 || extra[0]?.kind !== 'currency') {
      report(
        'parameters',
        `declares ${variant.parameters.map((p) => `${p.name}:${p.kind}`).join(', ')}; expected ${baseName}'s (${baseList.replaceAll(',', ', ')}) and one currency parameter`,
      );
    }
    const languages = (d: TemplateDefinition) => Object.keys(d.languages).sort().join(', ');
    if (languages(variant) !== languages(base))
      report('languages', `languages ${languages(variant)} differ from ${baseName}'s ${languages(base)}`);
    for (const [language, t] of Object.entries(variant.languages)) {
      const other = base.languages[language];
      const shape = (bs: typeof t.buttons) => bs.map((b) => `${b.type}:${b.id}:${b.text}`).join(', ');
      if (other && shape(t.buttons) !== shape(other.buttons))
        report(
          'buttons',
          `buttons [${shape(t.buttons)}] differ from ${baseName}'s [${shape(other.buttons)}]`,
          language,
        );
    }
  }
  return problems;
}
