import { distance } from 'fastest-levenshtein';

/** The candidates that look most like `input` (case-insensitive edit distance, or containing it). */
export function findClosest<T>(input: string, candidates: T[], labelsOf: (candidate: T) => string[], limit = 3): T[] {
  const needle = input.toLowerCase();
  const scored = candidates.map((candidate) => {
    const scores = labelsOf(candidate).map((label) => {
      const hay = label.toLowerCase();
      if (hay.includes(needle) || needle.includes(hay)) return 0.5;
      return distance(needle, hay) / Math.max(needle.length, hay.length, 1);
    });
    return { candidate, score: Math.min(...scores) };
  });
  return scored
    .filter((s) => s.score <= 0.6)
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((s) => s.candidate);
}
