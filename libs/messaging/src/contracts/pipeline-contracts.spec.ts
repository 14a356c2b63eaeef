import {
  CanvasEntityChange,
  canvasKey,
  canvasTopic,
  CANVAS_ENTITY_TYPES,
  LoadResult,
  OneRosterEntityChange,
  oneRosterTopic,
  ONEROSTER_ENTITY_TYPES,
  PIPELINE_SCHEMAS,
  SyncRequest,
  SyncRunEvent,
} from './pipeline-contracts';

type Schema = { fields: { name: string; type: unknown }[] };
const fieldNames = (schema: Schema) => schema.fields.map((f) => f.name).sort();
const enumSymbols = (schema: Schema, field: string): string[] =>
  (schema.fields.find((f) => f.name === field)!.type as { symbols: string[] }).symbols;

// One fully populated sample per contract: the compiler checks it against the TS type,
// the test checks its keys against the Avro schema, so the two cannot drift apart.
const samples: [keyof typeof PIPELINE_SCHEMAS, object][] = [
  ['oneRosterEntityChange', {
    tenant: 't', entityType: 'user', sourcedId: 'u1', op: 'upsert', syncRun: 'r', contentHash: 'h',
    dateLastModified: null, record: '{}',
  } satisfies OneRosterEntityChange],
  ['canvasEntityChange', {
    tenant: 't', canvasType: 'user', sisId: 'u1', op: 'upsert', syncRun: 'r', contentHash: 'h', school: null,
    row: {}, sources: [],
  } satisfies CanvasEntityChange],
  ['syncRequest', { tenant: 't', runId: 'r', kind: 'full', requestedBy: 'ops', requestedAt: 'now', planOnly: false } satisfies SyncRequest],
  ['syncRun', {
    tenant: 't', runId: 'r', kind: 'delta', stage: 'extractor', phase: 'started', at: 'now', counts: {}, message: null,
  } satisfies SyncRunEvent],
  ['loadResult', {
    tenant: 't', canvasType: 'user', sisId: 'u1', syncRun: null, importId: null, outcome: 'applied', message: null, at: 'now', planId: null,
  } satisfies LoadResult],
];

describe('pipeline contracts', () => {
  it.each(samples)('%s: TypeScript type and Avro schema name the same fields', (name, sample) => {
    expect(Object.keys(sample).sort()).toEqual(fieldNames(PIPELINE_SCHEMAS[name] as Schema));
  });

  it('entity-type enums in the schemas match the TypeScript lists', () => {
    expect(enumSymbols(PIPELINE_SCHEMAS.oneRosterEntityChange as Schema, 'entityType')).toEqual([...ONEROSTER_ENTITY_TYPES]);
    expect(enumSymbols(PIPELINE_SCHEMAS.canvasEntityChange as Schema, 'canvasType')).toEqual([...CANVAS_ENTITY_TYPES]);
  });

  it.each([
    ['academicSession', 'oneroster.academic-sessions'],
    ['enrollment', 'oneroster.enrollments'],
  ] as const)('OneRoster %s records go to %s', (type, topic) => {
    expect(oneRosterTopic(type)).toBe(topic);
  });

  it('Canvas keys carry tenant, type and SIS id so compaction keeps one record per entity', () => {
    expect(canvasKey('acme', 'user_observer', 'p1:s1')).toBe('acme|user_observer|p1:s1');
    expect(canvasTopic('user_observer')).toBe('canvas.user-observers');
  });
});
