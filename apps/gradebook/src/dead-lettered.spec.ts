import type { CanvasLiveEventRecord, ConsumedRecord, GradebookWrite } from '@rp/messaging';
import type { EventOutcomeRecord, GradebookOutcome } from '@rp/persistence';
import { recordDeadLetteredEvent, recordDeadLetteredWrite } from './dead-lettered';

const consumed = <T extends { tenant: string }>(topic: string, value: T, tenant = value.tenant) =>
  ({ topic, partition: 0, offset: '7', key: `${tenant}|x`, value, tenant, headers: {} }) as unknown as ConsumedRecord<T>;

const write = {
  tenant: 'acme', kind: 'result', op: 'upsert', sourcedId: 'r-1', lineItemSourcedId: 'li-1', classSourcedId: 'c-1', studentSourcedId: 's-1',
  canvasCourseId: '5', canvasAssignmentId: '7', canvasUserId: '9', canvasEventTime: '2026-12-01T10:00:00Z', decidedAt: '2026-12-01T10:00:01Z',
  contentHash: 'h', record: '{}',
} as GradebookWrite;

describe('what the gradebook records when the consumer dead-letters a record', () => {
  it('a write: its grade is failed with the reason and the fix, not "waiting — retrying"', async () => {
    const rows: GradebookOutcome[] = [];
    await recordDeadLetteredWrite({ recordOutcomes: async (o) => void rows.push(...o) }, consumed('p.oneroster.gradebook-writes', write), new Error('IC answered 400 forever'));
    expect(rows).toEqual([expect.objectContaining({
      tenant: 'acme', outcomeKey: 'r-1', kind: 'result', status: 'failed', studentSourcedId: 's-1',
      reason: 'dead-lettered to p.oneroster.gradebook-writes.dlq: IC answered 400 forever; fix the cause, then `ops dlq retry`',
    })]);
  });

  it('an event: recorded failed under the gateway\'s identity, with its routed name', async () => {
    const rows: EventOutcomeRecord[] = [];
    const event: CanvasLiveEventRecord = {
      tenant: 'acme', eventName: 'grade_change', eventTime: '2026-12-01T10:00:00Z', rootAccountId: '1', contextType: 'Course', contextId: '5',
      metadata: JSON.stringify({ event_name: 'grade_change', event_time: '2026-12-01T10:00:00Z', context_type: 'Course', context_id: '5' }),
      body: JSON.stringify({ assignment_id: '7', user_id: '9' }), eventId: 'e', receivedAt: '2026-12-01T10:00:01Z',
    };
    await recordDeadLetteredEvent({ record: async (e) => void rows.push(...e) }, consumed('p.canvas.live-events', event), new Error('tenant acme: cannot pass grades back: no such tenant'));
    expect(rows).toEqual([expect.objectContaining({ tenant: 'acme', eventName: 'grade_change', outcome: 'failed', reason: expect.stringMatching(/^dead-lettered to p.canvas.live-events.dlq: tenant acme/) })]);
    expect(rows[0].eventKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records nothing under the name of a tenant the record\'s key does not belong to (a foreign write)', async () => {
    const rows: GradebookOutcome[] = [];
    await recordDeadLetteredWrite({ recordOutcomes: async (o) => void rows.push(...o) }, consumed('w', write, 'globex'), new Error('foreign'));
    expect(rows).toEqual([]);
  });
});
