import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { TemplateLintError, type TemplateProblem } from './errors.ts';
import { lintTemplate } from './lint.ts';
import { lintVariants } from './variants.ts';
import {
  templateFileSchema,
  type LanguagePack,
  type TemplateDefinition,
  type TemplateElement,
  type TemplateRegistry,
} from './schema.ts';

/** The templates that ship with flowbook (repo-root `templates/`). */
export const BUILTIN_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface ParsedTemplate {
  readonly definition: TemplateDefinition | undefined;
  readonly problems: readonly TemplateProblem[];
}

/** Validates one parsed template object (shape with zod, then the WhatsApp rules of `lint.ts`). */
export function parseTemplate(raw: unknown, file: string): ParsedTemplate {
  const result = templateFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const [first, language, ...rest] = issue.path.map(String);
      const inLanguage = first === 'languages' && language !== undefined;
      return {
        file,
        ...(inLanguage ? { language } : {}),
        field: (inLanguage ? rest : issue.path.map(String)).join('.') || '(root)',
        rule: 'schema',
        message: issue.message,
      };
    });
    return { definition: undefined, problems };
  }
  const t = result.data;
  const definition: TemplateDefinition = {
    name: t.name,
    category: t.category,
    parameterFormat: t.parameter_format,
    parameters: t.parameters,
    languages: t.languages,
    file,
  };
  return { definition, problems: lintTemplate(t, file) };
}

/** Reads and checks every `.yaml`/`.yml` file of a folder; never throws for bad content. */
export function checkTemplatesDir(dir: string): { definitions: TemplateDefinition[]; problems: TemplateProblem[] } {
  const definitions: TemplateDefinition[] = [];
  const problems: TemplateProblem[] = [];
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch (error) {
    return {
      definitions,
      problems: [
        {
          file: dir,
          field: '(folder)',
          rule: 'read',
          message: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        },
      ],
    };
  }
  for (const name of files) {
    const file = path.join(dir, name);
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push({ file, field: '(file)', rule: 'yaml', message: `not valid YAML: ${(error as Error).message}` });
      continue;
    }
    const parsed = parseTemplate(raw, file);
    problems.push(...parsed.problems);
    if (parsed.definition) definitions.push(parsed.definition);
  }
  const seen = new Map<string, string>();
  for (const d of definitions) {
    const other = seen.get(d.name);
    if (other)
      problems.push({
        file: d.file,
        field: 'name',
        rule: 'duplicate_name',
        message: `"${d.name}" is also defined in ${other}`,
      });
    seen.set(d.name, d.file);
  }
  problems.push(...lintVariants(definitions));
  return { definitions, problems };
}

/**
 * Loads a folder of templates into a registry: one language pack per language, the packs
 * together being the business's namespace (docs/protocol.md §8). Throws `TemplateLintError` listing every
 * problem when any file is invalid.
 */
export function loadTemplates(dir: string = BUILTIN_TEMPLATES_DIR): TemplateRegistry {
  const { definitions, problems } = checkTemplatesDir(dir);
  if (problems.length > 0) throw new TemplateLintError(dir, problems);
  return buildRegistry(definitions);
}

/** Groups validated templates into language packs. */
export function buildRegistry(definitions: readonly TemplateDefinition[]): TemplateRegistry {
  const templates = new Map<string, TemplateDefinition>();
  const packs = new Map<string, Map<string, TemplateElement>>();
  for (const template of definitions) {
    templates.set(template.name, template);
    for (const [language, translation] of Object.entries(template.languages)) {
      const pack = packs.get(language) ?? new Map<string, TemplateElement>();
      pack.set(template.name, { template, language, translation });
      packs.set(language, pack);
    }
  }
  const frozen = new Map<string, LanguagePack>(
    [...packs].map(([language, elements]) => [language, { language, elements }]),
  );
  return { templates, packs: frozen };
}
