import type { PreviewGroup } from '@rp/persistence';
import { isDestructive } from './destructive-change';
import { keyOf, LoaderRow } from './loader-row';

/** SIS ids shown per kind of change and group (the plan keeps every row; `ops plans export` lists them all). */
export const PREVIEW_SAMPLES = 5;

/**
 * What a plan-only run would change, per type and school: a drop when the row removes or drops the entity (the safety
 * gate's rule), an update when Canvas already has the entity (applied before, active or not), else a create.
 */
export function previewGroups(rows: readonly LoaderRow[], isApplied: (key: string) => boolean): PreviewGroup[] {
  const groups = new Map<string, PreviewGroup>();
  for (const row of rows) {
    const key = `${row.canvasType}|${row.school ?? ''}`;
    const group = groups.get(key) ?? { canvasType: row.canvasType, school: row.school, creates: 0, updates: 0, drops: 0, samples: { creates: [], updates: [], drops: [] } };
    const change = isDestructive(row) ? 'drops' : isApplied(keyOf(row)) ? 'updates' : 'creates';
    group[change] += 1;
    if (group.samples[change].length < PREVIEW_SAMPLES) group.samples[change].push(row.sisId);
    groups.set(key, group);
  }
  for (const group of groups.values()) for (const list of Object.values(group.samples)) list.sort();
  return [...groups.values()].sort((a, b) => a.canvasType.localeCompare(b.canvasType) || (a.school ?? '').localeCompare(b.school ?? ''));
}
