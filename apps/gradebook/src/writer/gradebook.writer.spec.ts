import { type GradebookWrite, type GradebookWriteOutcomes, RetriableError } from '@rp/messaging';
import { OneRosterPermanentError, OneRosterRetriableError } from '@rp/oneroster';
import { pipelineMetrics } from '@rp/observability';
import type { GradebookOutcome } from '@rp/persistence';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import { GradebookWriter } from './gradebook.writer';

/** In-memory stand-ins for the repository and IC (the real ones run in gradebook.int-spec.ts). */
function setup(ic: { fail?: (w: { sourcedId: string }) => Error | undefined } = {}) {
  const written = new Map<string, string | null>();
  const writtenTimes = new Map<string, string>();
  const outcomes = new Map<string, GradebookOutcome>();
  const calls: string[] = [];
  const published: GradebookWriteOutcomes[] = [];
  const put = (kind: string) => async (record: { sourcedId: string }) => {
    calls.push(`${kind} ${record.sourcedId}`);
    const error = ic.fail?.(record);
    if (error) throw error;
    return { status: 201, created: true };
  };
  const ctx = { tenant: 'acme', gradebook: { putLineItem: put('lineItem'), putResult: put('result'), deleteLineItem: async (id: string) => (calls.push(`delete ${id}`), true) } } as unknown as TenantGradebookContext;
  const writer = new GradebookWriter({
    concurrency: 2,
    tenants: { context: async () => ctx, activeTenants: async () => ['acme'] },
    repo: {
      lastWrittenMany: async (_t, ids) => new Map(ids.filter((id) => written.has(id)).map((id) => [id, { contentHash: written.get(id)!, canvasEventTime: writtenTimes.get(id) ?? null }])),
      markWrittenMany: async (rows) => rows.forEach((r) => {
        written.set(r.sourcedId, r.contentHash);
        if (r.canvasEventTime) writtenTimes.set(r.sourcedId, r.canvasEventTime);
      }),
      recordOutcomes: async (list) => list.forEach((o) => outcomes.set(o.outcomeKey, o)),
      outcome: async (_t, key) => (outcomes.get(key) as never) ?? null,
    },
    publishOutcomes: async (o) => void published.push(o),
    newId: () => `batch-${published.length + 1}`,
    clock: () => new Date('2026-10-01T10:00:02Z'),
  });
  return { writer, written, outcomes, calls, published };
}

const write = (o: Partial<GradebookWrite>): GradebookWrite => ({
  tenant: 'acme', kind: 'result', op: 'upsert', sourcedId: 'r1', lineItemSourcedId: 'l1', classSourcedId: 'c1', studentSourcedId: 's1',
  canvasCourseId: '5', canvasAssignmentId: '7', canvasUserId: '9', canvasEventTime: '2026-10-01T10:00:00Z', decidedAt: '2026-10-01T10:00:01Z',
  contentHash: 'h-r1', record: JSON.stringify({ sourcedId: o.sourcedId ?? 'r1' }), ...o,
});
const lineItem = (o: Partial<GradebookWrite> = {}) => write({ kind: 'lineItem', sourcedId: 'l1', studentSourcedId: null, canvasUserId: null, contentHash: 'h-l1', record: JSON.stringify({ sourcedId: 'l1' }), ...o });

describe('GradebookWriter', () => {
  it('never overwrites a result (or course grade) written from a newer Canvas change with an older one', async () => {
    const { writer, calls, outcomes } = setup();
    await writer.handle([lineItem(), write({ contentHash: 'h-new', canvasEventTime: '2026-10-01T10:05:00Z', record: JSON.stringify({ sourcedId: 'r1', score: 90 }) })]);
    await writer.handle([write({ contentHash: 'h-old', canvasEventTime: '2026-10-01T10:00:00Z', record: JSON.stringify({ sourcedId: 'r1', score: 70 }) })]);
    expect(calls).toEqual(['lineItem l1', 'result r1']);
    expect(outcomes.get('r1')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/newer Canvas change \(2026-10-01T10:05:00.000Z\)/) });
    await writer.handle([write({ contentHash: 'h-newer', canvasEventTime: '2026-10-01T10:06:00Z' })]);
    expect(calls).toEqual(['lineItem l1', 'result r1', 'result r1']);
  });

  it('writes the lineItem before its results even when the result came first, and records both as sent', async () => {
    const { writer, calls, outcomes } = setup();
    await writer.handle([write({}), lineItem()]);
    expect(calls).toEqual(['lineItem l1', 'result r1']);
    expect(outcomes.get('r1')).toMatchObject({ status: 'sent', studentSourcedId: 's1' });
  });

  it('skips a PUT whose content IC already has', async () => {
    const { writer, calls, written } = setup();
    written.set('l1', 'h-l1');
    written.set('r1', 'h-r1');
    await writer.handle([lineItem(), write({})]);
    expect(calls).toEqual([]);
  });

  it('records a 4xx as refused with IC\'s message and does not retry it', async () => {
    const refusal = new OneRosterPermanentError('tenant acme: OneRoster /results/r1 answered HTTP 422', {
      tenant: 'acme', endpoint: '/results/r1', status: 422, imsx: { codeMinors: ['invaliddata'], description: 'student s1 is not enrolled in class c1' },
    });
    const { writer, outcomes, written } = setup({ fail: (r) => (r.sourcedId === 'r1' ? refusal : undefined) });
    await writer.handle([lineItem(), write({})]);
    expect(outcomes.get('r1')).toMatchObject({ status: 'refused', reason: expect.stringMatching(/HTTP 422.*student s1 is not enrolled in class c1/) });
    expect(written.has('r1')).toBe(false);
  });

  it('publishes per slice what IC accepted and each refusal, after storing the outcomes; content IC had counts nothing', async () => {
    const refusal = new OneRosterPermanentError('tenant acme: OneRoster /results/r2 answered HTTP 422', {
      tenant: 'acme', endpoint: '/results/r2', status: 422, imsx: { codeMinors: ['invaliddata'], description: 'score out of range' },
    });
    const { writer, published, outcomes } = setup({ fail: (r) => (r.sourcedId === 'r2' ? refusal : undefined) });
    await writer.handle([lineItem(), write({}), write({ sourcedId: 'r2', contentHash: 'h-r2' })]);
    expect(outcomes.get('r2')).toMatchObject({ status: 'refused' });
    expect(published).toEqual([{
      tenant: 'acme', batchId: 'batch-1', at: '2026-10-01T10:00:02.000Z', written: 2,
      refused: [{ kind: 'result', sourcedId: 'r2', contentHash: 'h-r2', reason: expect.stringMatching(/HTTP 422.*score out of range/) }],
    }]);
    await writer.handle([lineItem(), write({})]); // a replay: IC has both already
    expect(published).toHaveLength(1);
  });

  it('retries IC outages, keeping what was written', async () => {
    const { writer, written, outcomes } = setup({ fail: (r) => (r.sourcedId === 'r2' ? new OneRosterRetriableError('HTTP 503', { tenant: 'acme', endpoint: '/results/r2', status: 503 }) : undefined) });
    await expect(writer.handle([lineItem(), write({}), write({ sourcedId: 'r2', contentHash: 'h-r2' })])).rejects.toBeInstanceOf(RetriableError);
    expect(written.get('r1')).toBe('h-r1');
    expect(outcomes.get('r2')).toMatchObject({ status: 'waiting', reason: expect.stringMatching(/IC is unavailable/) });
  });

  it('lets a result wait for a lineItem not written yet, and skips it when that lineItem was refused', async () => {
    const { writer, outcomes } = setup();
    await expect(writer.handle([write({})])).rejects.toBeInstanceOf(RetriableError);
    expect(outcomes.get('r1')).toMatchObject({ status: 'waiting', reason: expect.stringMatching(/waiting for its lineItem/) });
    outcomes.set('l1', { tenant: 'acme', outcomeKey: 'l1', kind: 'lineItem', status: 'refused', reason: 'IC refused the lineItem (HTTP 422): unknown category' });
    await writer.handle([write({})]);
    expect(outcomes.get('r1')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/unknown category/) });
  });

  it('deletes a lineItem after the batch\'s other writes and forgets its hash', async () => {
    const { writer, calls, written } = setup();
    written.set('l0', 'old');
    await writer.handle([lineItem({ sourcedId: 'l0', op: 'delete', record: null }), lineItem(), write({})]);
    expect(calls).toEqual(['lineItem l1', 'result r1', 'delete l0']);
    expect(written.get('l0')).toBeNull();
  });
  it('counts every write once in rp_gradebook_writes_total by outcome: written, unchanged, refused, retried', async () => {
    const counted = jest.spyOn(pipelineMetrics, 'gradebookWrite');
    try {
      const refusal = new OneRosterPermanentError('HTTP 422', { tenant: 'acme', endpoint: '/results/r2', status: 422 });
      const outage = new OneRosterRetriableError('HTTP 503', { tenant: 'acme', endpoint: '/results/r3', status: 503 });
      const { writer, written } = setup({ fail: (r) => ({ r2: refusal, r3: outage } as Record<string, Error>)[r.sourcedId] });
      written.set('r4', 'h-r4');
      await expect(writer.handle([lineItem(), write({ sourcedId: 'r2', contentHash: 'h-r2' }), write({ sourcedId: 'r3', contentHash: 'h-r3' }),
        write({ sourcedId: 'r4', contentHash: 'h-r4' })])).rejects.toThrow(RetriableError);
      expect(counted.mock.calls.map(([tenant, outcome]) => `${tenant}:${outcome}`).sort()).toEqual(['acme:refused', 'acme:retried', 'acme:unchanged', 'acme:written']);
    } finally {
      counted.mockRestore();
    }
  });

  it('writes a result as soon as its own lineItem is in IC, while another lineItem of the batch is still being written', async () => {
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const calls: string[] = [];
    const put = (kind: string) => async (record: { sourcedId: string }) => {
      if (record.sourcedId === 'l2') await slow;
      calls.push(`${kind} ${record.sourcedId}`);
      if (kind === 'result' && record.sourcedId === 'r1') releaseSlow(); // l2 only finishes once r1 is in IC
      return { status: 201, created: true };
    };
    const ctx = { tenant: 'acme', gradebook: { putLineItem: put('lineItem'), putResult: put('result') } } as unknown as TenantGradebookContext;
    const stored: string[] = [];
    const writer = new GradebookWriter({
      concurrency: 4,
      tenants: { context: async () => ctx, activeTenants: async () => ['acme'] },
      repo: {
        lastWrittenMany: async () => new Map(),
        markWrittenMany: async (rows) => void stored.push(`hashes:${rows.length}`),
        recordOutcomes: async (list) => void stored.push(`outcomes:${list.length}`),
        outcome: async () => null,
      },
    });
    await writer.handle([lineItem({ sourcedId: 'l2', contentHash: 'h-l2', record: JSON.stringify({ sourcedId: 'l2' }) }), lineItem(), write({})]);
    expect(calls).toEqual(['lineItem l1', 'result r1', 'lineItem l2']);
    // the slice's bookkeeping: one statement for the hashes, one for the outcomes — not a round trip per write
    expect(stored).toEqual(['hashes:3', 'outcomes:3']);
  });
});
