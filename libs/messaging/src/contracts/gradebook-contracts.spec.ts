import { platformTopics, Topics } from '../topics/topic-catalogue';
import { GRADEBOOK_SCHEMAS, GradebookWrite, gradebookWriteKey, GradebookWriteOutcomes, RefusedGradebookWrite } from './gradebook-contracts';

type Schema = { fields: { name: string; type: unknown }[] };
const schema = GRADEBOOK_SCHEMAS.gradebookWrite as Schema;
const enumSymbols = (field: string): string[] => (schema.fields.find((f) => f.name === field)!.type as { symbols: string[] }).symbols;

// Fully populated sample: the compiler checks it against the type, the test against the Avro schema.
const sample = {
  tenant: 't', kind: 'result', op: 'upsert', sourcedId: 'r1', lineItemSourcedId: 'li1', classSourcedId: 'c1',
  studentSourcedId: 's1', canvasCourseId: '5', canvasAssignmentId: '7', canvasUserId: '9',
  canvasEventTime: '2026-01-01T00:00:00Z', decidedAt: '2026-01-01T00:00:01Z', contentHash: 'h', record: '{}',
} satisfies GradebookWrite;

describe('gradebook write contract', () => {
  it('TypeScript type and Avro schema name the same fields', () => {
    expect(Object.keys(sample).sort()).toEqual(schema.fields.map((f) => f.name).sort());
  });

  it('kinds and ops in the schema are the ones the type allows', () => {
    const kinds: GradebookWrite['kind'][] = ['lineItem', 'result'];
    const ops: GradebookWrite['op'][] = ['upsert', 'delete'];
    expect(enumSymbols('kind')).toEqual(kinds);
    expect(enumSymbols('op')).toEqual(ops);
  });

  it('keys carry tenant and sourcedId so compaction keeps the latest write per result', () => {
    expect(gradebookWriteKey('acme', 'r-1')).toBe('acme|r-1');
  });
});

describe('gradebook write outcomes contract', () => {
  const outcomes = GRADEBOOK_SCHEMAS.gradebookWriteOutcomes as unknown as Schema;
  const refused = { kind: 'result', sourcedId: 'r1', contentHash: 'h', reason: 'IC refused the result (HTTP 400): score out of range' } satisfies RefusedGradebookWrite;
  const record = { tenant: 't', batchId: 'b1', at: '2026-01-01T00:00:00Z', written: 3, refused: [refused] } satisfies GradebookWriteOutcomes;

  it('TypeScript types and Avro schema name the same fields, the refused items too', () => {
    expect(Object.keys(record).sort()).toEqual(outcomes.fields.map((f) => f.name).sort());
    const items = (outcomes.fields.find((f) => f.name === 'refused')!.type as { items: Schema }).items;
    expect(Object.keys(refused).sort()).toEqual(items.fields.map((f) => f.name).sort());
  });

  it('is a platform topic keyed by tenant, with its schema registered like the others', () => {
    const def = platformTopics().find((t) => t.name === Topics.gradebookWriteOutcomes);
    expect(def).toMatchObject({ cleanup: 'delete', valueSchema: GRADEBOOK_SCHEMAS.gradebookWriteOutcomes });
  });
});
