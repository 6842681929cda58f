// Job: check a Chrome trace-event JSON text (what `bulkhead trace perfetto` writes) against the format:
// valid JSON with a `traceEvents` array, the fields each event type needs, complete slices properly
// nested on each track, and flows whose start and finish share an id, run forward in time and lie in
// a slice of their track. Returns the problems found (empty: none) and the parsed events.

export interface CheckedEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  id?: number;
  s?: string;
  bp?: string;
  cat?: string;
  args?: Record<string, unknown>;
}

/** Slack for timestamps in microseconds printed with three decimals. */
const EPSILON_US = 0.0015;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function checkChromeTrace(text: string): { problems: string[]; events: CheckedEvent[] } {
  const problems: string[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { problems: [`not JSON: ${(err as Error).message}`], events: [] };
  }
  const root = parsed as { traceEvents?: unknown };
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(root.traceEvents)) {
    return { problems: ['no traceEvents array'], events: [] };
  }
  const events = root.traceEvents as CheckedEvent[];
  events.forEach((e, i) => {
    const where = `event ${i} (${JSON.stringify(e).slice(0, 120)})`;
    if (typeof e.name !== 'string' || !isNumber(e.pid) || !isNumber(e.tid))
      problems.push(`${where}: name/pid/tid`);
    switch (e.ph) {
      case 'X':
        if (!isNumber(e.ts) || !isNumber(e.dur) || e.dur < 0 || e.ts < 0)
          problems.push(`${where}: X needs ts, dur >= 0`);
        break;
      case 'i':
        if (!isNumber(e.ts) || !['t', 'p', 'g'].includes(e.s ?? ''))
          problems.push(`${where}: i needs ts and scope s`);
        break;
      case 's':
      case 'f':
        if (!isNumber(e.ts) || !isNumber(e.id) || typeof e.cat !== 'string')
          problems.push(`${where}: flow needs ts, id, cat`);
        if (e.ph === 'f' && e.bp !== 'e')
          problems.push(`${where}: flow finish binds to its enclosing slice (bp 'e')`);
        break;
      case 'M':
        if (typeof e.args !== 'object' || e.args === null) problems.push(`${where}: metadata needs args`);
        break;
      default:
        problems.push(`${where}: unexpected phase ${String(e.ph)}`);
    }
  });

  // Nesting: on each track, a slice starting inside another ends inside it.
  const tracks = new Map<string, CheckedEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const key = `${e.pid}/${e.tid}`;
    tracks.set(key, [...(tracks.get(key) ?? []), e]);
  }
  for (const [key, slices] of tracks) {
    const sorted = [...slices].sort((x, y) => x.ts! - y.ts! || y.dur! - x.dur!);
    const stack: CheckedEvent[] = [];
    for (const slice of sorted) {
      // Slices that end where this one starts (or before) are closed.
      while (
        stack.length > 0 &&
        stack[stack.length - 1].ts! + stack[stack.length - 1].dur! <= slice.ts! + EPSILON_US
      ) {
        stack.pop();
      }
      const parent = stack[stack.length - 1];
      if (parent !== undefined && slice.ts! + slice.dur! > parent.ts! + parent.dur! + EPSILON_US) {
        problems.push(
          `track ${key}: '${slice.name}' at ${slice.ts} overlaps the end of '${parent.name}' at ${parent.ts}`,
        );
      }
      stack.push(slice);
    }
  }

  // Flows: one start and one finish per id, forward in time, each inside a slice of its track.
  const flows = new Map<number, CheckedEvent[]>();
  for (const e of events)
    if (e.ph === 's' || e.ph === 'f') flows.set(e.id!, [...(flows.get(e.id!) ?? []), e]);
  const inSlice = (e: CheckedEvent): boolean =>
    (tracks.get(`${e.pid}/${e.tid}`) ?? []).some(
      (x) => e.ts! >= x.ts! - EPSILON_US && e.ts! <= x.ts! + x.dur! + EPSILON_US,
    );
  for (const [id, ends] of flows) {
    const start = ends.filter((e) => e.ph === 's');
    const finish = ends.filter((e) => e.ph === 'f');
    if (start.length !== 1 || finish.length !== 1) {
      problems.push(`flow ${id}: ${start.length} starts and ${finish.length} finishes`);
      continue;
    }
    if (finish[0].ts! < start[0].ts!) problems.push(`flow ${id} runs backwards in time`);
    for (const e of [start[0], finish[0]])
      if (!inSlice(e)) problems.push(`flow ${id}: ${e.ph} at ${e.ts} is in no slice`);
  }
  return { problems, events };
}
