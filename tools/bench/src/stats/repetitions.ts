/** Median of the finite values; NaN when there is none. */
export function median(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const middle = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
}

/** Relative spread of the values around their median: (max - min) / median. NaN when there are fewer than two. */
export function spread(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return NaN;
  return (Math.max(...finite) - Math.min(...finite)) / median(finite);
}

/**
 * The median of the ratios of paired repetitions (`subject[i] / reference[i]`).
 * Subject and reference run alternately in each repetition, so pairing them
 * cancels most of the drift of a shared machine.
 */
export function pairedRatio(subject: readonly number[], reference: readonly number[]): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(subject.length, reference.length); i++) {
    const s = subject[i]!;
    const r = reference[i]!;
    if (Number.isFinite(s) && Number.isFinite(r) && r !== 0) ratios.push(s / r);
  }
  return median(ratios);
}
