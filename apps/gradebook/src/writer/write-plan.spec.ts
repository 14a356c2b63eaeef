import type { GradebookWrite } from '@rp/messaging';
import { planWrites } from './write-plan';

const write = (o: Partial<GradebookWrite>): GradebookWrite => ({
  tenant: 'acme', kind: 'result', op: 'upsert', sourcedId: 'r1', lineItemSourcedId: 'l1', classSourcedId: 'c1', studentSourcedId: 's1',
  canvasCourseId: '5', canvasAssignmentId: '7', canvasUserId: '9', canvasEventTime: '2026-10-01T10:00:00Z', decidedAt: '2026-10-01T10:00:01Z',
  contentHash: 'h', record: '{}', ...o,
});

describe('planWrites', () => {
  it('keeps the latest Canvas change per result even when it arrived first', () => {
    const [plan] = planWrites([
      write({ contentHash: 'newest', canvasEventTime: '2026-10-01T10:05:00Z' }),
      write({ contentHash: 'older', canvasEventTime: '2026-10-01T10:01:00Z' }),
      write({ contentHash: 'tie-first', sourcedId: 'r2', canvasEventTime: '2026-10-01T10:00:00Z' }),
      write({ contentHash: 'tie-later', sourcedId: 'r2', canvasEventTime: '2026-10-01T10:00:00Z' }),
    ]);
    expect(plan.results.map((w) => w.contentHash)).toEqual(['newest', 'tie-later']);
  });

  it('puts lineItems before results and deletes last, per tenant', () => {
    const plans = planWrites([
      write({ sourcedId: 'r1' }),
      write({ kind: 'lineItem', op: 'delete', sourcedId: 'l0', record: null }),
      write({ kind: 'lineItem', sourcedId: 'l1' }),
      write({ tenant: 'globex', sourcedId: 'r1' }),
    ]);
    expect(plans.map((p) => p.tenant)).toEqual(['acme', 'globex']);
    expect(plans[0]).toMatchObject({ lineItems: [{ sourcedId: 'l1' }], results: [{ sourcedId: 'r1' }], deletes: [{ sourcedId: 'l0' }] });
    expect(plans[1].results).toHaveLength(1);
  });
});
