import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BenchResults } from './bench-results.js';
import { renderResultsMarkdown, spliceResults } from './markdown-report.js';
import { renderSvgChart } from './svg-chart.js';

/** The bench's folder in the repository (tools/bench), from dist/report. */
export const BENCH_ROOT = join(__dirname, '..', '..');
export const REPO_ROOT = join(BENCH_ROOT, '..', '..');
const DOC = join(REPO_ROOT, 'docs', 'benchmarks.md');
const DOC_TEMPLATE = '# Benchmarks\n\nRun them with `npm run bench` (about 10 minutes) or `npm run bench -- --quick` (under a minute).\n';

/**
 * Writes results/latest.json, a dated copy, results/latest.svg and the generated
 * part of docs/benchmarks.md. A partial run (`--only`) writes results/partial.tmp.json
 * only, leaving the published figures alone. Returns the paths written.
 */
export function writeResults(results: BenchResults, partial: boolean): string[] {
  const dir = join(BENCH_ROOT, 'results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const written: string[] = [];
  const write = (path: string, text: string) => {
    writeFileSync(path, text);
    written.push(relative(REPO_ROOT, path));
  };
  if (partial) {
    write(join(dir, 'partial.tmp.json'), json);
    return written;
  }
  write(join(dir, 'latest.json'), json);
  write(join(dir, `${results.startedAt.slice(0, 10)}.${results.profile.name}.json`), json);
  return [...written, ...renderReports(results)];
}

/** Writes results/latest.svg and the generated part of docs/benchmarks.md from `results`. */
export function renderReports(results: BenchResults): string[] {
  writeFileSync(join(BENCH_ROOT, 'results', 'latest.svg'), renderSvgChart(results));
  const document = existsSync(DOC) ? readFileSync(DOC, 'utf8') : DOC_TEMPLATE;
  writeFileSync(DOC, spliceResults(document, renderResultsMarkdown(results, '../tools/bench/results/latest.svg')));
  return [relative(REPO_ROOT, join(BENCH_ROOT, 'results', 'latest.svg')), relative(REPO_ROOT, DOC)];
}

/** The results of the last full or quick run. */
export function readLatestResults(): BenchResults {
  return JSON.parse(readFileSync(join(BENCH_ROOT, 'results', 'latest.json'), 'utf8')) as BenchResults;
}
