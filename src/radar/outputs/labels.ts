/** Date-time labels of frames: "2020-11-01 00:00–03:00 UTC". */

const pad = (n: number) => String(n).padStart(2, '0');

export function frameLabel(start: Date, minutes: number): string {
  const end = new Date(start.getTime() + minutes * 60_000);
  const day = start.toISOString().slice(0, 10);
  const hm = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  // a frame ending at the next midnight reads 21:00–24:00, as people write it
  const sameDay = end.toISOString().slice(0, 10) === day;
  const endText = !sameDay && end.getUTCHours() === 0 && end.getUTCMinutes() === 0 && minutes <= 1440 ? '24:00' : hm(end);
  return `${day} ${hm(start)}\u2013${endText} UTC`;
}

/** The most common positive gap between consecutive timestamps, in minutes; 180 (8 a day) when unknown. */
export function inferFrameMinutes(ts: readonly Date[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < ts.length; i++) {
    const gap = Math.round((ts[i]!.getTime() - ts[i - 1]!.getTime()) / 60_000);
    if (gap > 0) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best = 180, bestCount = 0;
  for (const [gap, c] of counts) if (c > bestCount || (c === bestCount && gap < best)) [best, bestCount] = [gap, c];
  return best;
}
