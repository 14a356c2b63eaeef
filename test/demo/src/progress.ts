/** Counts per Canvas entity type, e.g. { users: 5350, enrollments: 27000 }. */
export type TypeCounts = Record<string, number>;

export interface StageProgress {
  /** OneRoster records read / published by the extractor so far (from sync.runs and topic offsets). */
  extracted: number;
  /** Canvas projections published by the transformer. */
  projected: number;
  /** Canvas entities present in Canvas, per type. */
  inCanvas: TypeCounts;
  /** What Canvas must hold when the sync is complete, per type. */
  expected: TypeCounts;
  elapsedMs: number;
}

const BAR_WIDTH = 30;

/** `[#########.....] 45%` for done/total (clamped; total 0 counts as done). */
export function bar(done: number, total: number, width = BAR_WIDTH): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`;
}

const sum = (counts: TypeCounts): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Present in Canvas, capped per type at what is expected (extra rows are reported by the summary, not as progress). */
export function canvasDone(p: Pick<StageProgress, 'inCanvas' | 'expected'>): number {
  return Object.entries(p.expected).reduce((acc, [type, want]) => acc + Math.min(want, p.inCanvas[type] ?? 0), 0);
}

/** The lines shown while the first sync runs (one per stage, then one per Canvas type). */
export function renderProgress(p: StageProgress): string[] {
  const expectedTotal = sum(p.expected);
  const done = canvasDone(p);
  const seconds = Math.max(1, p.elapsedMs / 1000);
  const lines = [
    `extractor    ${String(p.extracted).padStart(8)} OneRoster records published`,
    `transformer  ${String(p.projected).padStart(8)} Canvas projections published`,
    `loader       ${bar(done, expectedTotal)} ${done}/${expectedTotal} in Canvas  (${Math.round(done / seconds)} rows/s)`,
  ];
  for (const [type, want] of Object.entries(p.expected)) {
    lines.push(`  ${type.padEnd(12)} ${bar(p.inCanvas[type] ?? 0, want, 20)} ${p.inCanvas[type] ?? 0}/${want}`);
  }
  return lines;
}

export interface SyncSummary {
  elapsedMs: number;
  inCanvas: TypeCounts;
  expected: TypeCounts;
  heldPlans: { id: string; summary: string }[];
  deadLettered: TypeCounts;
  importErrors: { entity: string; message: string }[];
  /** Rows Canvas applied per second in its own (hosted) SIS import, for "how long Canvas will take". */
  canvasRowsPerSecond?: number;
}

/** The end-of-first-sync report: what was created, what was held, what failed and why. */
export function renderSummary(s: SyncSummary): string[] {
  const lines = [`First full sync finished in ${(s.elapsedMs / 1000).toFixed(1)} s.`, 'Created in Canvas:'];
  for (const [type, want] of Object.entries(s.expected)) {
    const got = s.inCanvas[type] ?? 0;
    const note = got === want ? '' : got < want ? `  (${want - got} missing)` : `  (${got - want} more than expected)`;
    lines.push(`  ${type.padEnd(12)} ${String(got).padStart(8)}${note}`);
  }
  const rows = sum(s.inCanvas);
  const rate = s.canvasRowsPerSecond ?? 115;
  lines.push(`  a hosted Canvas applying ~${rate} rows/s would take about ${Math.ceil(rows / rate / 60)} min for these ${rows} rows`);
  lines.push(s.heldPlans.length === 0 ? 'Held for approval: nothing.' : `Held for approval (ops plans show <id>):`);
  for (const plan of s.heldPlans) lines.push(`  plan ${plan.id}: ${plan.summary}`);
  const dead = Object.entries(s.deadLettered).filter(([, n]) => n > 0);
  lines.push(dead.length === 0 ? 'Dead-lettered: nothing.' : 'Dead-lettered (ops dlq list):');
  for (const [topic, n] of dead) lines.push(`  ${topic}: ${n}`);
  lines.push(s.importErrors.length === 0 ? 'Canvas import errors: none.' : 'Canvas import errors:');
  for (const e of s.importErrors.slice(0, 20)) lines.push(`  ${e.entity}: ${e.message}`);
  if (s.importErrors.length > 20) lines.push(`  … and ${s.importErrors.length - 20} more`);
  return lines;
}
