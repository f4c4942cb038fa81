import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/templates/load.ts';
import { toMetaTemplates } from '../../src/templates/meta.ts';
import { diffTemplate, formatDiff, planPush } from '../../src/templates/template-diff.ts';
import type { TemplateInfo } from '../../src/whatsapp/templates-api.ts';

const [local] = toMetaTemplates(loadTemplates(BUILTIN_TEMPLATES_DIR).templates.get('appointment_reminder')!, ['en_US']);

/** Meta's listed copy of `local`, changed by `change`. */
function remote(change: (components: Record<string, unknown>[]) => void = () => {}, extra: Partial<TemplateInfo> = {}) {
  const components = structuredClone(local!.components) as Record<string, unknown>[];
  change(components);
  return {
    id: '9',
    name: local!.name,
    language: local!.language,
    status: 'APPROVED',
    category: 'UTILITY',
    components,
    qualityScore: 'GREEN',
    ...extra,
  } satisfies TemplateInfo;
}

const buttons = (c: Record<string, unknown>[]) =>
  (c.find((x) => x.type === 'BUTTONS') as { buttons: Record<string, unknown>[] }).buttons;

describe('the YAML against Meta: field-level differences', () => {
  it('nothing differs for an exact copy, even with fields only Meta adds', () => {
    assert.deepEqual(
      diffTemplate(
        local!,
        remote((c) => Object.assign(c[1]!, { id: 'meta-only' })),
      ),
      [],
    );
  });

  it('names the field: body text, a button text, a missing footer, an extra button, the category', () => {
    const diff = diffTemplate(
      local!,
      remote(
        (c) => {
          (c.find((x) => x.type === 'BODY') as { text: string }).text = 'Hi {{1}}';
          buttons(c)[1]!.text = 'Nope';
          buttons(c).push({ type: 'QUICK_REPLY', text: 'More' });
          c.splice(
            c.findIndex((x) => x.type === 'FOOTER'),
            1,
          );
        },
        { category: 'MARKETING' },
      ),
    );
    assert.deepEqual(
      diff.map((d) => d.path),
      ['category', 'body.text', 'footer', 'buttons[1].text', 'buttons[3]'],
    );
    assert.equal(formatDiff(diff[3]!), 'buttons[1].text: Meta "Nope" → YAML "Cancel"');
    assert.equal(formatDiff(diff[2]!), 'footer: Meta (none) → YAML {"type":"FOOTER","text":"Tap a button below to re…');
  });

  it('shows long texts from a little before where they part', () => {
    const d = { path: 'body.text', meta: `${'x'.repeat(100)} old ending`, yaml: `${'x'.repeat(100)} new ending` };
    assert.equal(formatDiff(d), 'body.text: Meta "…xxxxxxxxxxx old ending" → YAML "…xxxxxxxxxxx new ending"');
  });
});

describe('templates push: what to do with each language', () => {
  const step = (r: TemplateInfo) => planPush([local!], [r])[0]!;

  it('creates what Meta lacks and leaves what matches', () => {
    assert.equal(planPush([local!], [])[0]!.kind, 'create');
    assert.equal(step(remote()).kind, 'unchanged');
  });

  it('edits APPROVED, REJECTED and PAUSED ones; reports the others as not editable', () => {
    const changed = (status: string) => step(remote((c) => Object.assign(c[1]!, { text: 'old' }), { status }));
    for (const status of ['APPROVED', 'REJECTED', 'PAUSED']) assert.equal(changed(status).kind, 'update', status);
    for (const status of ['PENDING', 'DISABLED', 'ARCHIVED', 'IN_APPEAL']) {
      assert.equal(changed(status).kind, 'not-editable', status);
    }
  });

  it("never asks Meta to change an approved template's category; a rejected one's it does", () => {
    const onlyCategory = step(remote(() => {}, { category: 'MARKETING' }));
    assert.equal(onlyCategory.kind, 'not-editable');
    const both = step(remote((c) => Object.assign(c[1]!, { text: 'old' }), { category: 'MARKETING' }));
    assert.ok(both.kind === 'update' && both.edit.category === undefined);
    const rejected = step(remote(() => {}, { category: 'MARKETING', status: 'REJECTED' }));
    assert.ok(rejected.kind === 'update' && rejected.edit.category === 'UTILITY');
  });
});
