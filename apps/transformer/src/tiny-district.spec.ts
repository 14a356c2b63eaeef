import type { CanvasEntityChange, ConsumedRecord, OneRosterEntityChange, OutgoingRecord } from '@rp/messaging';
import { generateDistrict } from '@rp/fixtures';
import {
  CanvasProjection, createProjectionContext, projectEntity, projectionKey, resolveTenantMappingSettings, rowAsStrings,
} from '@rp/mapping';
import { createLogger } from '@rp/observability';
import { oneRosterRecords } from './testing/district-records';
import { FakeTables } from './testing/fake-tables';
import { change } from './testing/records';
import { TransformBatchHandler } from './transform-batch.handler';

const NOW = new Date('2026-10-01T15:00:00Z');
const records = oneRosterRecords(generateDistrict({ seed: 7, size: 'tiny' }));
const settings = resolveTenantMappingSettings('acme', {});
const inputs = {
  orgs: records.orgs.map((r) => change('acme', 'org', r)),
  sessions: records.academicSessions.map((r) => change('acme', 'academicSession', r)),
  courses: records.courses.map((r) => change('acme', 'course', r)),
  classes: records.classes.map((r) => change('acme', 'class', r)),
  users: records.users.map((r) => change('acme', 'user', r)),
  enrollments: records.enrollments.map((r) => change('acme', 'enrollment', r)),
};

/**
 * What the mapping says for the whole district at once: the state the transformer must converge to. Drops are not
 * part of it: in a district seen for the first time Canvas has none of them, so none is sent.
 */
function reference(): Map<string, CanvasProjection> {
  const ctx = createProjectionContext('acme', NOW, records);
  const out = new Map<string, CanvasProjection>();
  const entities = [
    ...records.orgs.map((record) => ({ kind: 'org' as const, record })),
    ...records.academicSessions.map((record) => ({ kind: 'academicSession' as const, record })),
    ...records.classes.map((record) => ({ kind: 'class' as const, record })),
    ...records.users.map((record) => ({ kind: 'user' as const, record })),
    ...records.enrollments.map((record) => ({ kind: 'enrollment' as const, record })),
  ];
  for (const entity of entities) {
    const outcome = projectEntity(entity, ctx, settings);
    if (outcome.status === 'projected') for (const p of outcome.projections) if (p.op === 'upsert') out.set(projectionKey(p), p);
  }
  return out;
}

async function transform(order: OneRosterEntityChange[][]) {
  const tables = new FakeTables();
  const published: OutgoingRecord<CanvasEntityChange>[] = [];
  const evaluations: number[] = [];
  const handler = new TransformBatchHandler({
    repository: tables.repository,
    settingsOf: async () => ({ ok: true, settings }),
    publish: async (_type, batch) => void published.push(...batch),
    tombstone: async () => undefined,
    clock: () => NOW,
    logger: createLogger({ service: 'transformer-spec', level: 'error' }),
  });
  for (const topic of order) {
    for (let i = 0; i < topic.length; i += 500) {
      const results = await handler.handle(topic.slice(i, i + 500).map((value) => ({ value }) as ConsumedRecord<OneRosterEntityChange>));
      evaluations.push(...results.map((r) => r.evaluations));
    }
  }
  return { published, tables, evaluations };
}

describe('a generated tiny district', () => {
  const expected = reference();

  const last = (published: OutgoingRecord<CanvasEntityChange>[]) => new Map(published.map((p) => [`${p.value!.canvasType}|${p.value!.sisId}`, p.value!]));
  const expectReference = (published: OutgoingRecord<CanvasEntityChange>[]) => {
    const final = last(published);
    expect([...final.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, value] of final) expect({ key, row: value.row, op: value.op }).toEqual({ key, row: rowAsStrings(expected.get(key)!), op: expected.get(key)!.op });
  };

  const waiting = (tables: FakeTables) => [...tables.parked.values()].filter((p) => p.state !== 'blocked');

  it('in extraction order: publishes the mapping of the whole district, each Canvas entity exactly once, nothing waiting', async () => {
    const { published, tables, evaluations } = await transform([inputs.orgs, inputs.sessions, inputs.courses, inputs.classes, inputs.users, inputs.enrollments]);
    expect(published).toHaveLength(expected.size);
    // parents are loaded before the first evaluation: no slice is projected more than twice
    expect(Math.max(...evaluations)).toBeLessThanOrEqual(2);
    expectReference(published);
    expect(waiting(tables)).toEqual([]);
    expect(expected.size).toBeGreaterThan(300);
    expect(published.filter((p) => p.op === 'delete')).toEqual([]); // nothing of a new district is in Canvas to drop
  });

  it('in reverse order: everything waits, is released and converges to the same state, each Canvas entity once', async () => {
    const { published, tables, evaluations } = await transform([inputs.enrollments, inputs.classes, inputs.users, inputs.courses, inputs.sessions, inputs.orgs]);
    expectReference(published);
    expect(Math.max(...evaluations)).toBeLessThanOrEqual(2);
    expect(waiting(tables)).toEqual([]);
    expect(published).toHaveLength(expected.size);
  });
});
