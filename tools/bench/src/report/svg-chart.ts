import type { BenchResults, TargetCheck } from './bench-results.js';
import { formatRatio } from './markdown-report.js';

/** One bar of the chart: a ratio, and the limit it must stay on the right side of. */
export interface ChartRow {
  label: string;
  ratio: number;
  limit?: number;
  /** Which side of `limit` is good. */
  good?: 'above' | 'below';
  status?: TargetCheck['status'];
}

const WIDTH = 960;
const LABEL_WIDTH = 470;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_WIDTH = WIDTH - PLOT_LEFT - 70;
const VALUE_X = PLOT_LEFT + PLOT_WIDTH + 10;
const ROW_HEIGHT = 24;
const TOP = 58;
/** Log scale from 1/100 to 100: a ratio of 1 sits in the middle. */
const DECADES = [0.01, 0.1, 1, 10, 100];

function x(ratio: number): number {
  const clamped = Math.min(100, Math.max(0.01, ratio));
  return PLOT_LEFT + ((Math.log10(clamped) + 2) / 4) * PLOT_WIDTH;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The rows worth a look: every target (an absolute one as value / limit), then the scale, thread and tuned-piscina ratios. */
export function chartRows(results: BenchResults): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const check of results.targets) {
    const ratio = check.value === null ? NaN : check.kind === 'ratio' ? check.value : check.value / check.limit;
    const limit = check.kind === 'ratio' ? check.limit : 1;
    const good = check.op === '>=' ? 'above' : 'below';
    rows.push({ label: check.short, ratio, limit, good, status: check.status });
  }
  for (const c of results.comparisons) {
    if (c.section === 'scale' && c.metric === 'throughput') rows.push({ label: `Scale: ${c.label}, ops/s, ${c.load}`, ratio: c.ratio });
    if (c.section === 'threads' && c.metric === 'throughput' && c.label.includes('piscina'))
      rows.push({ label: `Threads end to end / piscina direct: ${c.load}`, ratio: c.ratio });
    if (c.section === 'pool' && c.metric === 'throughput' && c.label.includes('2 tasks per worker'))
      rows.push({ label: `Executor / piscina, 2 tasks per worker: ${c.load}`, ratio: c.ratio });
  }
  return rows;
}

/** A hand-written SVG bar chart of ratios on a log scale, bars growing from 1x. */
export function renderSvgChart(results: BenchResults): string {
  const rows = chartRows(results);
  const height = TOP + rows.length * ROW_HEIGHT + 40;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="600">Taskgate benchmarks: ratios to their references (log scale)</text>`,
    `<text x="10" y="38" fill="#555">${escape(`${results.profile.name} run of ${results.startedAt.slice(0, 10)}, ${results.environment.machine.cores} cores, node ${results.environment.versions['node']}; green: target met, red: missed, grey: no target; black tick: the limit`)}</text>`,
  );
  for (const decade of DECADES) {
    const px = x(decade).toFixed(1);
    out.push(
      `<line x1="${px}" y1="${TOP - 6}" x2="${px}" y2="${height - 30}" stroke="${decade === 1 ? '#333' : '#ddd'}" stroke-width="1"/>`,
    );
    out.push(`<text x="${px}" y="${height - 16}" text-anchor="middle" fill="#555">${decade}x</text>`);
  }
  rows.forEach((row, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const color = row.status === 'met' ? '#2e9e4f' : row.status === 'missed' ? '#d1342f' : '#8a8f98';
    out.push(`<text x="${LABEL_WIDTH}" y="${y + 15}" text-anchor="end">${escape(row.label)}</text>`);
    if (Number.isFinite(row.ratio)) {
      const from = x(1);
      const to = x(row.ratio);
      out.push(
        `<rect x="${Math.min(from, to).toFixed(1)}" y="${y + 4}" width="${Math.max(1, Math.abs(to - from)).toFixed(1)}" height="${ROW_HEIGHT - 8}" fill="${color}"/>`,
      );
      out.push(`<text x="${VALUE_X}" y="${y + 15}" fill="#222">${formatRatio(row.ratio)}</text>`);
    } else {
      out.push(`<text x="${VALUE_X}" y="${y + 15}" fill="#8a8f98">n/a</text>`);
    }
    if (row.limit !== undefined) {
      const lx = x(row.limit).toFixed(1);
      out.push(`<line x1="${lx}" y1="${y + 1}" x2="${lx}" y2="${y + ROW_HEIGHT - 1}" stroke="#000" stroke-width="2"/>`);
    }
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
