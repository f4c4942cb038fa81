import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useScope } from './context.ts';

// Only what the insights draw is registered, so the bundle keeps only these parts of chart.js. Chart.js
// builds no code from strings, so it runs under the console's `script-src 'self'` (docs/console.md).
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

/** Colours with 3:1 or more against white, one per series, the same as the agenda's states where they match. */
export const COLOURS = {
  blue: '#1a5fb4',
  green: '#1c6b3a',
  red: '#a51d2d',
  grey: '#5f6368',
  amber: '#8a4b00',
  violet: '#613583',
} as const;

/**
 * A chart and its numbers: the canvas is an image to assistive technology (its label names the chart
 * and points to the table), and the same figures follow in a table inside a disclosure.
 */
export function ChartCard(props: {
  id: string;
  title: string;
  config: ChartConfiguration;
  summary?: ComponentChildren;
  note?: string;
  table: ComponentChildren;
}) {
  const { t, language } = useScope();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const rtl = t.dir === 'rtl';
    const chart = new Chart(canvas.current, {
      ...props.config,
      options: {
        ...props.config.options,
        locale: t.locale,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          ...props.config.options?.plugins,
          legend: { rtl, ...props.config.options?.plugins?.legend },
          tooltip: { rtl },
        },
      },
    });
    return () => chart.destroy();
  }, [props.config, language]);
  return (
    <section class="chart-card" aria-labelledby={`${props.id}-title`} data-testid={`chart-${props.id}`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.summary ? <p class="chart-summary">{props.summary}</p> : null}
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={t.chartLabel(props.title)} data-testid={`canvas-${props.id}`} />
      </div>
      {props.note ? <p class="hint">{props.note}</p> : null}
      <details>
        <summary>{t.numbers}</summary>
        {props.table}
      </details>
    </section>
  );
}

/** A table of labelled numbers: a header row, then one row per label. Cells carry `data-key` for tests. */
export function NumbersTable(props: {
  caption: string;
  head: string[];
  rows: { key: string; label: string; cells: (number | string)[] }[];
}) {
  return (
    <table class="numbers">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.head.map((h, i) => (
            <th scope="col" key={i}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <th scope="row">{r.label}</th>
            {r.cells.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
