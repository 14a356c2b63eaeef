/** Parsed `run.ts <name> [--flag value] [--switch]` arguments. */
export interface BenchArgs {
  name: string;
  flags: Record<string, string>;
}

/** Parses `<name> --size 5k,50k --records 100000 --child`; a flag without a value is "true". */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const [name, ...rest] = argv;
  if (!name || name.startsWith('--')) throw new Error('usage: run.ts <benchmark> [--flag value …]');
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"; flags look like --size 5k`);
    const eq = arg.indexOf('=');
    const [key, inline] = eq < 0 ? [arg.slice(2), undefined] : [arg.slice(2, eq), arg.slice(eq + 1)]; // a value may hold '=' (--app-node-options=--max-old-space-size=256)
    if (inline !== undefined) flags[key] = inline;
    else if (rest[i + 1] !== undefined && !rest[i + 1].startsWith('--')) flags[key] = rest[++i];
    else flags[key] = 'true';
  }
  return { name, flags };
}

/** A positive integer flag (accepts 100k / 2m / 100_000), or the default. */
export function intFlag(flags: Record<string, string>, key: string, fallback: number): number {
  const raw = flags[key];
  if (raw === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(raw.replace(/_/g, ''));
  if (!match) throw new Error(`--${key} ${raw}: expected a number such as 100000, 100k or 2m`);
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[match[2].toLowerCase() as '' | 'k' | 'm'];
  const value = Math.round(Number(match[1]) * scale);
  if (value <= 0) throw new Error(`--${key} must be positive`);
  return value;
}

/** A comma-separated list flag, or the default. */
export function listFlag(flags: Record<string, string>, key: string, fallback: readonly string[]): string[] {
  const raw = flags[key];
  return raw === undefined ? [...fallback] : raw.split(',').map((s) => s.trim()).filter(Boolean);
}
