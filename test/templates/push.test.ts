import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/templates/load.ts';
import { toMetaTemplates } from '../../src/templates/meta.ts';
import { intlLocale } from '../../src/templates/languages.ts';
import { SHIPPED_LANGUAGES } from './fixtures.ts';
import { registerTemplatePushCommands } from '../../src/templates/push-cli.ts';
import { createGraphClient } from '../../src/whatsapp/graph.ts';
import { startGraphStandIn, type GraphStandIn } from '../whatsapp/graph-server.ts';

let graph: GraphStandIn;
before(async () => {
  graph = await startGraphStandIn();
});
after(() => graph.close());

const registry = loadTemplates(BUILTIN_TEMPLATES_DIR);

describe("templates as Meta's create-template bodies", () => {
  it('positional: body examples in order, quick-reply buttons', () => {
    const [en] = toMetaTemplates(registry.templates.get('appointment_reminder')!, ['en_US']);
    assert.equal(en!.language, 'en_US');
    assert.equal(en!.category, 'UTILITY');
    const body = en!.components.find((c) => c.type === 'BODY') as { example: { body_text: string[][] } };
    assert.equal(body.example.body_text[0]!.length, 4);
    const buttons = en!.components.find((c) => c.type === 'BUTTONS') as {
      buttons: Array<{ type: string; text: string }>;
    };
    assert.deepEqual(
      buttons.buttons.map((b) => b.type),
      ['QUICK_REPLY', 'QUICK_REPLY', 'QUICK_REPLY'],
    );
  });

  it('named: one example per parameter name', () => {
    const [ar] = toMetaTemplates(registry.templates.get('appointment_confirmation')!, ['ar']);
    const body = ar!.components.find((c) => c.type === 'BODY') as {
      text: string;
      example: { body_text_named_params: Array<{ param_name: string }> };
    };
    const names = body.example.body_text_named_params.map((p) => p.param_name);
    for (const name of names) assert.ok(body.text.includes(`{{${name}}}`), `${name} in the Arabic body`);
    assert.equal(ar!.parameter_format, 'named');
  });

  it('examples of dates and prices are localized in each language, as the reader will see them', () => {
    const example = (language: string) => {
      const [t] = toMetaTemplates(registry.templates.get('appointment_reminder_priced')!, [language]);
      const body = t!.components.find((c) => c.type === 'BODY') as { example: { body_text: string[][] } };
      return body.example.body_text[0]!;
    };
    assert.deepEqual(example('en_GB'), [
      'Jane',
      'Haircut with Ana',
      'Oxford Street, London',
      'Tuesday, 24 November 2026 at 10:30',
      '£25.00',
    ]);
    assert.equal(example('de')[4], '25,00\u00a0£');
    assert.equal(example('ar')[4], '\u200f٢٥٫٠٠\u00a0UK£');
    assert.equal(example('de')[3], 'Dienstag, 24. November 2026 um 10:30 Uhr');
    assert.deepEqual(example('es').slice(0, 2), ['Lucía', 'Corte de pelo con Ana']);
    // The Persian reviewer reads the same Tuesday in the Solar Hijri calendar, its components in that calendar.
    assert.equal(example('fa')[3], 'سه‌شنبه ۳ آذر ۱۴۰۵ ساعت ۱۰:۳۰');
    assert.equal(example('hi')[3], 'मंगलवार, 24 नवंबर 2026 को सुबह 10:30 बजे');
  });

  it('every language’s date example shows the weekday of its own date', () => {
    for (const language of SHIPPED_LANGUAGES) {
      const [t] = toMetaTemplates(registry.templates.get('appointment_reminder')!, [language]);
      const body = t!.components.find((c) => c.type === 'BODY') as { example: { body_text: string[][] } };
      const tuesday = new Intl.DateTimeFormat(intlLocale(language), { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2026, 10, 24)),
      );
      assert.ok(body.example.body_text[0]![3]!.includes(tuesday), `${language}: ${body.example.body_text[0]![3]}`);
    }
  });
});

describe('flowbook templates push / status', () => {
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const program = new Command().exitOverride();
    registerTemplatePushCommands(program, {
      templatesDir: BUILTIN_TEMPLATES_DIR,
      wabaId: '999',
      client: () => createGraphClient({ baseUrl: graph.baseUrl, version: 'v24.0', token: 't', sleep: async () => {} }),
      out: (line) => lines.push(line),
    });
    await program.parseAsync(['node', 'flowbook', 'templates', ...args]);
    return lines;
  };

  it('creates only what Meta does not have, leaves what matches, then reports each language', async () => {
    graph.reset();
    const [en] = toMetaTemplates(registry.templates.get('appointment_reminder')!, ['en_US']);
    graph.enqueue({
      json: {
        data: [
          {
            id: '1',
            name: 'appointment_reminder',
            language: 'en_US',
            status: 'APPROVED',
            category: 'UTILITY',
            components: en!.components,
          },
        ],
      },
    });
    graph.fallback = () => ({ json: { id: 'new', status: 'PENDING', category: 'UTILITY' } });
    const lines = await run('push', '--name', 'appointment_reminder', '--lang', 'en_US,ar');
    assert.deepEqual(lines, [
      'appointment_reminder/en_US: unchanged (APPROVED)',
      'appointment_reminder/ar: created (PENDING)',
    ]);
    const posts = graph.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1);
    assert.equal(posts[0]!.path, '/v24.0/999/message_templates');
    assert.equal((posts[0]!.json() as { language: string }).language, 'ar');

    graph.reset();
    graph.enqueue({
      json: {
        data: [
          { id: '1', name: 'appointment_reminder', language: 'en_US', status: 'APPROVED' },
          { id: '2', name: 'appointment_reminder', language: 'ar', status: 'REJECTED' },
        ],
      },
    });
    const status = await run('status');
    assert.ok(status.includes('appointment_reminder/en_US: APPROVED'));
    assert.ok(status.includes('appointment_reminder/ar: REJECTED'));
    assert.ok(status.includes('appointment_cancelled/fa: NOT SUBMITTED'));
  });
});
