/**
 * Forgets the spent places (before `head`) of an array used as a FIFO, now and then, so that it
 * does not grow without end: all of them once it is empty, else once they are over 1,024 and over
 * half of the array (so each item is copied O(1) times on average). Returns the array and head to
 * keep.
 */
export function dropSpent<T>(items: T[], head: number): [T[], number] {
  if (head === items.length) return [[], 0];
  if (head > 1024 && head * 2 > items.length) return [items.slice(head), 0];
  return [items, head];
}
