import type { SectionId } from '../orchestrator/bench-profile.js';
import { METRICS, type BenchResults, type Comparison, type Measurement, type Metric, type TargetCheck } from './bench-results.js';

export const RESULTS_START = '<!-- bench:results:start (written by `npm run bench`, edits here are overwritten) -->';
export const RESULTS_END = '<!-- bench:results:end -->';

const SECTION_TITLES: Record<SectionId, string> = {
  e2e: '1, 2, 4. End to end: a no-op over the wire (floor, Taskgate, socket.io + BullMQ + Redis)',
  pool: '3. Pool layer in one process: Taskgate executor vs piscina direct (and inline)',
  threads: '3. Thread tasks end to end over the real client',
  'bullmq-alone': '4. BullMQ alone, in one process (reference)',
  scale: '5. Throughput as clients grow',
  memory: '5. Server memory per idle connection',
  responsiveness: '6. Responsiveness: gateway event-loop delay',
  observability: '7. Observability: what metrics, tracing and the run log cost (inline no-op over the wire)',
  cluster: '8. Several nodes: two Taskgate nodes over one Redis, against one node and against socket.io + BullMQ + Redis',
};

/** A figure with a unit, readable in a table. */
export function formatValue(metric: Metric, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  const { unit } = METRICS[metric];
  if (unit === 'ops/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 'bytes') return `${(value / 1024).toFixed(1)} KiB`;
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toFixed(3);
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}x`;
}

function statusMark(status: TargetCheck['status']): string {
  return status === 'met' ? '**met**' : status === 'missed' ? '**MISSED**' : 'not measured';
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function targetsTable(targets: TargetCheck[]): string {
  const rows = targets.map((check) => {
    const measured =
      check.value === null ? 'n/a' : check.kind === 'ratio' ? formatRatio(check.value) : `${formatValue(check.metric, check.value)} ms`;
    const limit = check.kind === 'ratio' ? formatRatio(check.limit) : `${check.limit} ms`;
    return [check.text, measured, `${check.op} ${limit}`, statusMark(check.status)];
  });
  return table(['Target', 'Measured', 'Limit', 'Status'], rows);
}

/** A section's measurements: medians, each next to its ratio to the first reference declared for it. */
function measurementsTable(measurements: Measurement[], comparisons: Comparison[]): string {
  const metrics = (Object.keys(METRICS) as Metric[]).filter((metric) => measurements.some((m) => m.median[metric] !== undefined));
  const primary = (m: Measurement, metric: Metric) => comparisons.find((c) => c.subject === m.id && c.metric === metric);
  const withErrors = measurements.some((m) => m.errors > 0);
  const rows = measurements.map((m) => {
    const reference = comparisons.find((c) => c.subject === m.id);
    const cells = metrics.map((metric) => {
      const value = formatValue(metric, m.median[metric]);
      const ratio = primary(m, metric);
      return ratio && value !== 'n/a' ? `${value} (${formatRatio(ratio.ratio)})` : value;
    });
    const row = [m.contender, m.load, ...cells, reference ? reference.label : 'reference'];
    return withErrors ? [...row, m.errors > 0 ? String(m.errors) : ''] : row;
  });
  const header = [
    'Contender',
    'Load',
    ...metrics.map((metric) => (METRICS[metric].unit === 'ms' ? `${METRICS[metric].label} ms` : METRICS[metric].label)),
    '(Ratio) to',
  ];
  return table(withErrors ? [...header, 'Failed requests'] : header, rows);
}

function otherRatiosTable(measurements: Measurement[], comparisons: Comparison[]): string | undefined {
  const primaries = new Set<string>();
  for (const m of measurements) {
    const first = comparisons.find((c) => c.subject === m.id);
    if (first) for (const c of comparisons) if (c.subject === m.id && c.label === first.label) primaries.add(c.id);
  }
  const others = comparisons.filter((c) => !primaries.has(c.id) && measurements.some((m) => m.id === c.subject));
  if (others.length === 0) return undefined;
  const metrics = (Object.keys(METRICS) as Metric[]).filter((metric) => others.some((c) => c.metric === metric));
  const rows = new Map<string, Comparison[]>();
  for (const c of others) {
    const key = `${c.label}\u0000${c.load}`;
    rows.set(key, [...(rows.get(key) ?? []), c]);
  }
  return table(
    ['Ratio', 'Load', ...metrics.map((metric) => METRICS[metric].label)],
    [...rows.values()].map((group) => [
      group[0]!.label,
      group[0]!.load,
      ...metrics.map((metric) => {
        const c = group.find((candidate) => candidate.metric === metric);
        return c ? formatRatio(c.ratio) : '';
      }),
    ]),
  );
}

function environmentLines(results: BenchResults): string {
  const { machine, versions, git } = results.environment;
  const load = `load average ${machine.loadAverage.start}${machine.loadAverage.end === undefined ? '' : ` at start, ${machine.loadAverage.end} at end`}`;
  return [
    `- Run: **${results.profile.name}** profile, ${results.profile.repetitions} repetition(s), ${results.profile.threads} thread(s) per pool, started ${results.startedAt}, took ${results.durationS} s.`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; ${load}.`,
    `- Versions: ${Object.entries(versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    `- Commit: ${git ? `${git.commit}${git.dirty ? ' (with uncommitted changes)' : ''}` : 'unknown'}.`,
  ].join('\n');
}

/** The generated part of docs/benchmarks.md: environment, targets, one table per part. */
export function renderResultsMarkdown(results: BenchResults, svgPath: string): string {
  const parts: string[] = [RESULTS_START, '', '## Latest results', '', environmentLines(results), ''];
  if (results.profile.name === 'quick') {
    parts.push(
      '> These come from a `--quick` run (one short repetition): a smoke test, not figures to quote. Run `npm run bench` on a quiet machine to publish.',
      '',
    );
  }
  parts.push(`![Ratios of this run to their references](${svgPath})`, '', '### Targets', '', targetsTable(results.targets), '');
  if (results.skipped.length > 0) {
    parts.push('### Not measured in this run', '', ...results.skipped.map((skip) => `- ${skip.section}: ${skip.reason}`), '');
  }
  if (results.notes.length > 0) parts.push('### Notes', '', ...[...new Set(results.notes)].map((note) => `- ${note}`), '');
  for (const section of Object.keys(SECTION_TITLES) as SectionId[]) {
    const measurements = results.measurements.filter((m) => m.section === section);
    if (measurements.length === 0) continue;
    const comparisons = results.comparisons;
    parts.push(`### ${SECTION_TITLES[section]}`, '', measurementsTable(measurements, comparisons), '');
    const others = otherRatiosTable(measurements, comparisons);
    if (others) parts.push('Other ratios:', '', others, '');
  }
  parts.push(
    'Figures are medians over the repetitions; a ratio is the median of the per-repetition ratios of subject to reference, measured alternately in the same run. Every repetition is in `tools/bench/results/latest.json`.',
    '',
    RESULTS_END,
  );
  return parts.join('\n');
}

/** Replaces the generated part of `document`, or appends it when the markers are missing. */
export function spliceResults(document: string, generated: string): string {
  const start = document.indexOf(RESULTS_START);
  const end = document.indexOf(RESULTS_END);
  if (start === -1 || end === -1 || end < start) return `${document.trimEnd()}\n\n${generated}\n`;
  return `${document.slice(0, start)}${generated}${document.slice(end + RESULTS_END.length)}`;
}
