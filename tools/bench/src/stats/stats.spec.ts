import { LatencyHistogram } from './latency-histogram';
import { median, pairedRatio, spread } from './repetitions';

function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('LatencyHistogram', () => {
  it('gives every percentile within 1 % of the exact nearest-rank value', () => {
    const samples = Array.from({ length: 20_000 }, (_, i) => 0.05 + ((i * 7919) % 10_007) / 97);
    const histogram = new LatencyHistogram();
    for (const sample of samples) histogram.record(sample);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const p of [1, 10, 50, 90, 99, 99.9]) {
      const exact = exactPercentile(sorted, p);
      expect(Math.abs(histogram.percentile(p) - exact) / exact).toBeLessThanOrEqual(0.01);
    }
  });

  it('is exact at the extremes and counts every sample', () => {
    const histogram = new LatencyHistogram();
    for (const sample of [3, 0.2, 7.5, 1]) histogram.record(sample);
    expect(histogram.percentile(0)).toBe(0.2);
    expect(histogram.percentile(100)).toBe(7.5);
    expect(histogram.summary()).toMatchObject({ count: 4, mean: 2.925, max: 7.5 });
  });

  it('never reports a percentile outside the samples seen', () => {
    const histogram = new LatencyHistogram();
    histogram.record(2);
    expect(histogram.percentile(50)).toBe(2);
    expect(histogram.percentile(99)).toBe(2);
  });

  it('merges histograms recorded apart, even through JSON, like one recorded together', () => {
    const together = new LatencyHistogram();
    const left = new LatencyHistogram();
    const right = new LatencyHistogram();
    for (let i = 1; i <= 1_000; i++) {
      together.record(i / 10);
      (i % 3 === 0 ? left : right).record(i / 10);
    }
    const travelled = LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(right.toJSON())));
    const merged = new LatencyHistogram().merge(left).merge(travelled);
    expect(merged.summary()).toEqual(together.summary());
  });

  it('reports NaN for an empty histogram, also after a JSON round trip', () => {
    const empty = LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(new LatencyHistogram().toJSON())));
    expect(empty.percentile(50)).toBeNaN();
    expect(new LatencyHistogram().merge(empty).count).toBe(0);
  });

  it('rejects a percentile outside 0-100', () => {
    expect(() => new LatencyHistogram().percentile(101)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores values that are not finite and is NaN without any', () => {
    expect(median([NaN, 2, Infinity])).toBe(2);
    expect(median([])).toBeNaN();
  });
});

describe('pairedRatio', () => {
  it('is the median of the per-repetition ratios', () => {
    expect(pairedRatio([10, 30, 50], [10, 10, 10])).toBe(3);
  });

  it('skips repetitions where either side is missing or the reference is zero', () => {
    expect(pairedRatio([4, NaN, 6, 1], [2, 1, 0, 1])).toBe(1.5);
  });
});

describe('spread', () => {
  it('is the range relative to the median', () => {
    expect(spread([90, 100, 110])).toBeCloseTo(0.2);
    expect(spread([1])).toBeNaN();
  });
});
