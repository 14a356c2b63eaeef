/** "tenant acme: import 12 importing 40% (1,200 rows, about 30 s left)": progress with an ETA from the rate so far. */
export function importProgressMessage(input: { tenant: string; canvasImportId: number; state: string; progress: number; rows: number; elapsedMs: number }): string {
  const { tenant, canvasImportId, state, progress, rows, elapsedMs } = input;
  const base = `tenant ${tenant}: import ${canvasImportId} ${state} ${Math.round(progress)}% (${rows} rows`;
  if (progress <= 0 || progress >= 100 || elapsedMs <= 0) return `${base})`;
  const remainingMs = (elapsedMs / progress) * (100 - progress);
  const rowsPerSecond = (rows * progress) / 100 / (elapsedMs / 1000);
  return `${base}, ${Math.round(rowsPerSecond)} rows/s, about ${Math.ceil(remainingMs / 1000)} s left)`;
}
