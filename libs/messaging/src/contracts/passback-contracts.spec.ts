import { CanvasLiveEventRecord, liveEventKey, PASSBACK_SCHEMAS } from './passback-contracts';
import { platformTopics, Topics } from '../topics/topic-catalogue';

type Schema = { fields: { name: string; type: unknown; default?: unknown }[] };
const schema = PASSBACK_SCHEMAS.canvasLiveEvent as Schema;

// Fully populated sample: the compiler checks it against the type, the test against the Avro schema.
const sample = {
  tenant: 'acme', eventName: 'grade_change', eventTime: '2026-01-01T00:00:00.000Z', metadata: '{}', body: '{}',
  rootAccountId: '1', contextType: 'Course', contextId: '565', eventId: 'jti-1', receivedAt: '2026-01-01T00:00:01Z',
} satisfies Required<CanvasLiveEventRecord>;

describe('Canvas Live Event contract', () => {
  it('TypeScript type and Avro schema name the same fields', () => {
    expect(Object.keys(sample).sort()).toEqual(schema.fields.map((f) => f.name).sort());
  });

  it('only the fields the type makes optional may be absent (nullable with a null default)', () => {
    const optional = schema.fields.filter((f) => Array.isArray(f.type) && (f.type as unknown[])[0] === 'null' && f.default === null);
    expect(optional.map((f) => f.name).sort()).toEqual(['contextId', 'contextType', 'eventId', 'receivedAt', 'rootAccountId']);
    const minimal: CanvasLiveEventRecord = { tenant: 'acme', eventName: 'x', eventTime: 't', metadata: '{}', body: '{}' };
    expect(Object.keys(minimal).sort()).toEqual(schema.fields.filter((f) => !optional.includes(f)).map((f) => f.name).sort());
  });

  it('canvas.live-events carries this schema', () => {
    expect(platformTopics().find((t) => t.name === Topics.canvasLiveEvents)?.valueSchema).toBe(PASSBACK_SCHEMAS.canvasLiveEvent);
  });

  it('keys carry tenant and context so a course keeps its order', () => {
    expect(liveEventKey('acme', '565')).toBe('acme|565');
    expect(liveEventKey('acme', null)).toBe('acme|-');
  });
});
