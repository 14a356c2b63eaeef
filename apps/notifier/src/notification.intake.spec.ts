import type { ConsumedRecord, LoadResult, StallReport, SyncRunEvent } from '@rp/messaging';
import { IntakePorts, NotificationIntake } from './notification.intake';

const record = (topic: string, value: SyncRunEvent | LoadResult | StallReport): ConsumedRecord<SyncRunEvent | LoadResult | StallReport> =>
  ({ topic, partition: 0, offset: '0', key: null, value, headers: {}, tenant: value.tenant, timestamp: '0' }) as ConsumedRecord<SyncRunEvent | LoadResult | StallReport>;
const failed: SyncRunEvent = { tenant: 'acme', runId: 'r1', kind: 'full', stage: 'extractor', phase: 'failed', at: '2026-12-07T10:00:00.000Z', counts: {}, message: 'HTTP 500' };
const held = (sisId: string): LoadResult => ({ tenant: 'acme', canvasType: 'user', sisId, syncRun: 'r1', importId: null, outcome: 'held', message: 'm', at: '2026-12-07T10:00:00.000Z', planId: 'p1' });
const stall: StallReport = {
  tenant: 'acme', stage: 'loader', instance: 'h:1', cause: 'canvas', since: '2026-12-07T09:00:00.000Z', at: '2026-12-07T10:00:00.000Z', attempts: 9, keys: 1, lastError: 'timeout', resumedAt: null,
};

function harness() {
  const enqueued: { webhookId: string; kind: string }[] = [];
  const facts: string[] = [];
  const ports: IntakePorts = {
    webhooksOf: async () => [{ id: 'w-all', events: ['plan-held', 'run-failed', 'stage-stalled', 'passback-refusals'] }, { id: 'w-plans', events: ['plan-held'] }],
    enqueue: async (entries) => {
      enqueued.push(...entries.map((e) => ({ webhookId: e.webhookId, kind: e.kind })));
      return entries.map((e) => e.deliveryId);
    },
    recordFacts: async (list) => void facts.push(...list.map((f) => f.key)),
    syncRunsTopic: 'p.sync.runs',
    stallsTopic: 'p.pipeline.stalls',
    writeOutcomesTopic: 'p.gradebook.write-outcomes',
    refusalNotifications: async (list) => list.filter((o) => o.refused.length > 0).map((o) => ({
      key: `passback-refusals|${o.tenant}|w`, tenant: o.tenant, kind: 'passback-refusals', title: 't', text: 't', at: o.at, details: {},
    })),
    stallThresholdMs: 15 * 60_000,
  };
  return { enqueued, facts, intake: new NotificationIntake(ports) };
}

describe('NotificationIntake (events → outbox rows per subscribed webhook)', () => {
  it('one row per notification and subscribed webhook: a plan of many held rows is one notification', async () => {
    const { enqueued, facts, intake } = harness();
    const fresh = await intake.handle([
      record('p.sync.runs', failed), record('p.canvas.load-results', held('u1')), record('p.canvas.load-results', held('u2')), record('p.pipeline.stalls', stall),
    ]);
    expect(fresh).toBe(4);
    expect(enqueued.map((e) => `${e.kind}→${e.webhookId}`).sort()).toEqual(['plan-held→w-all', 'plan-held→w-plans', 'run-failed→w-all', 'stage-stalled→w-all']);
    expect(facts.sort()).toEqual(['plan-held|acme|p1', 'run-failed|acme|r1']);
  });

  it('grade-write outcomes go to the refusal count; a window over the rate is one notification however many records pushed it', async () => {
    const { enqueued, intake } = harness();
    const outcome = (batchId: string) => ({ tenant: 'acme', batchId, at: '2026-12-07T10:00:00.000Z', written: 1, refused: [{ kind: 'result' as const, sourcedId: 'r', contentHash: 'h', reason: 'x' }] });
    const asRecord = (value: object) => ({ ...record('p.sync.runs', failed), topic: 'p.gradebook.write-outcomes', value }) as unknown as Parameters<typeof intake.handle>[0][number];
    expect(await intake.handle([asRecord(outcome('b1')), asRecord(outcome('b2'))])).toBe(1);
    expect(enqueued).toEqual([{ webhookId: 'w-all', kind: 'passback-refusals' }]);
  });

  it('nothing that notifies, nothing stored', async () => {
    const { enqueued, intake } = harness();
    expect(await intake.handle([record('p.pipeline.stalls', { ...stall, resumedAt: stall.at }), record('p.sync.runs', { ...failed, phase: 'started' })])).toBe(0);
    expect(enqueued).toEqual([]);
  });
});
