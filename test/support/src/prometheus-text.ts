/** One sample line of the Prometheus text exposition. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A scraped `/metrics` page: `# TYPE` per metric family and every sample. */
export interface PromScrape {
  types: Map<string, string>;
  samples: PromSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses Prometheus text format (0.0.4), enough for tests: TYPE lines and samples with labels. */
export function parsePrometheusText(text: string): PromScrape {
  const types = new Map<string, string>();
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) types.set(type[1], type[2]);
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1], labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return { types, samples };
}

/** Samples of `name` whose labels include `match`. */
export function samplesOf(scrape: PromScrape, name: string, match: Record<string, string> = {}): PromSample[] {
  return scrape.samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** Sum of the matching samples' values (0 when none). */
export function sumOf(scrape: PromScrape, name: string, match: Record<string, string> = {}): number {
  return samplesOf(scrape, name, match).reduce((n, s) => n + s.value, 0);
}

/** GETs `/metrics` of an app on 127.0.0.1 and parses it. */
export async function scrapeMetrics(port: number): Promise<PromScrape> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`GET /metrics on port ${port} answered ${res.status}`);
  return parsePrometheusText(await res.text());
}
