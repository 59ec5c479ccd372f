/** One sample of a scrape: a metric name, its labels and its value. */
export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric family's `# TYPE` and `# HELP`. */
export interface PrometheusFamily {
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly help: string;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const COMMENT = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * A scrape in the Prometheus text exposition format (version 0.0.4), read strictly: every line is
 * a `# HELP`, a `# TYPE` or a sample of a declared family, or the read throws naming the line.
 */
export class PrometheusText {
  readonly families = new Map<string, PrometheusFamily>();
  readonly samples: PrometheusSample[] = [];

  constructor(text: string) {
    const help = new Map<string, string>();
    for (const [index, line] of text.split('\n').entries()) {
      if (line === '') continue;
      const comment = COMMENT.exec(line);
      if (comment) {
        const [, kind, name, rest] = comment as unknown as [string, string, string, string];
        if (kind === 'HELP') help.set(name, rest);
        else if (TYPES.has(rest)) this.families.set(name, { type: rest as PrometheusFamily['type'], help: help.get(name) ?? '' });
        else throw new Error(`Line ${index + 1}: unknown type "${rest}"`);
        continue;
      }
      if (line.startsWith('#')) continue;
      const sample = SAMPLE.exec(line);
      if (!sample) throw new Error(`Line ${index + 1} is not a sample: ${line}`);
      const [, name, labelText, valueText] = sample as unknown as [string, string, string | undefined, string];
      if (!this.familyOf(name)) throw new Error(`Line ${index + 1}: sample of an undeclared family: ${name}`);
      this.samples.push({ name, labels: readLabels(labelText ?? '', index + 1), value: readValue(valueText, index + 1) });
    }
  }

  /** The family a sample name belongs to (a histogram's `_bucket`, `_sum` and `_count` belong to it). */
  familyOf(sampleName: string): PrometheusFamily | undefined {
    const own = this.families.get(sampleName);
    if (own) return own;
    const base = sampleName.replace(/_(bucket|sum|count)$/, '');
    const family = this.families.get(base);
    return family && (family.type === 'histogram' || family.type === 'summary') ? family : undefined;
  }

  /** The sum of the samples named `name` whose labels include `labels` (0 when none matches). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.matching(name, labels).reduce((sum, sample) => sum + sample.value, 0);
  }

  /** The samples named `name` whose labels include `labels`. */
  matching(name: string, labels: Record<string, string> = {}): PrometheusSample[] {
    return this.samples.filter(
      (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
  }
}

function readLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`Line ${line}: bad labels {${text}}`);
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    if (match[3] === '') break;
  }
  return labels;
}

/**
 * A sample value. Prometheus reads the special values case-insensitively (Go's ParseFloat), and
 * prom-client writes a NaN gauge as `Nan`: so does this reader.
 */
function readValue(text: string, line: number): number {
  const special = text.toLowerCase();
  if (special === '+inf' || special === 'inf') return Infinity;
  if (special === '-inf') return -Infinity;
  if (special === 'nan') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`Line ${line}: bad value ${text}`);
  return value;
}

/** Scrapes `url` over HTTP and reads the Prometheus text it answers (which must say so in its content type). */
export async function scrapePrometheus(url: string): Promise<PrometheusText> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain') || !type.includes('version=0.0.4')) throw new Error(`GET ${url}: content type ${type}`);
  return new PrometheusText(await response.text());
}
