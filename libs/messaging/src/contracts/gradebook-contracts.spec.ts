import { GRADEBOOK_SCHEMAS, GradebookWrite, gradebookWriteKey } from './gradebook-contracts';

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
