import { useEffect, useState } from 'preact/hooks';
import { useScope } from './context.ts';
import type { ConsoleStrings } from './strings.ts';
import { longWhen } from './time.ts';

interface FlowReport {
  flows: { flowId: string; status: string; updatedAt: string }[];
}

interface TemplateRow {
  name: string;
  language: string;
  status: string | null;
  sendable: boolean;
  marketingAt: string | null;
  quality: string | null;
}

/** What needs the owner now: a Flow Meta throttled or blocked, templates that cannot be sent or cost more. */
export function operationsProblems(
  t: ConsoleStrings,
  flows: FlowReport,
  templates: TemplateRow[],
  zone: string,
): string[] {
  const problems: string[] = [];
  for (const f of flows.flows) {
    if (f.status === 'THROTTLED' || f.status === 'BLOCKED')
      problems.push(t.flowStopped(f.flowId, f.status, longWhen(f.updatedAt, zone, t.locale)));
  }
  for (const row of templates) {
    const name = `${row.name} (${row.language})`;
    if (!row.sendable) problems.push(t.templateUnsendable(name, row.status ?? '?'));
    if (row.marketingAt) problems.push(t.templateMarketing(name));
    if (row.quality === 'RED') problems.push(t.templateRed(name));
  }
  return problems;
}

/**
 * A banner above every page when the Flow or a template needs the owner (`GET /api/flows`,
 * `GET /api/templates`, owners only). The full operations panel is "The console, part two".
 */
export function OperationsBanner() {
  const { t, api, me, catalog, changes } = useScope();
  const [problems, setProblems] = useState<string[]>([]);
  const zone = catalog.locations[0]?.timeZone ?? 'UTC';
  useEffect(() => {
    if (me.user.role !== 'owner') return;
    void Promise.all([api.get<FlowReport>('/api/flows'), api.get<{ templates: TemplateRow[] }>('/api/templates')])
      .then(([flows, templates]) => setProblems(operationsProblems(t, flows, templates.templates, zone)))
      .catch(() => setProblems([]));
  }, [t, changes]);
  if (problems.length === 0) return null;
  return (
    <section class="operations" data-testid="operations" aria-label={t.operations}>
      {/* The alert role on a wrapper: on the list itself it would take the list's semantics from its items. */}
      <div role="alert">
        <ul>
          {problems.map((p) => (
            <li class="problem">{p}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}
