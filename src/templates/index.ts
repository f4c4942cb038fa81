/** Message templates (docs/protocol.md §7–§8): load, lint, render and build sends. Pure: no HTTP, no DB. */
export * from './errors.ts';
export * from './languages.ts';
export { META_LANGUAGE_SOURCE, META_LANGUAGES, parseMetaLanguages, type MetaLanguage } from './meta-languages.ts';
export * from './language.ts';
export * from './schema.ts';
export { BUILTIN_TEMPLATES_DIR, buildRegistry, checkTemplatesDir, loadTemplates, parseTemplate } from './load.ts';
export { packSource, resolveElement, type PackSource, type Resolution, type ResolutionStep } from './packs.ts';
export { currencyDigits, formatCurrency, isKnownCurrency, thousandthsToDecimal } from './currency.ts';
export {
  formatDateTimeComponents,
  formatInstant,
  parseDayOfWeek,
  type DateTimeComponents,
  type TemplateCalendar,
} from './datetime.ts';
export type { CloudDateTime, CloudParameter } from './parameters.ts';
export { renderTemplate, type RenderedMessage, type RenderRequest } from './render.ts';
export {
  buildTemplateSend,
  previewTemplateSend,
  type TemplateComponent,
  type TemplateSend,
  type TemplateSendRequest,
  type TemplateValue,
} from './send.ts';
export { lintVariants, PRICED_SUFFIX, pricedName, variantName } from './variants.ts';
export { registerTemplateCommands, type TemplateCommandDeps } from './cli.ts';
