import type { CanvasEntityChange, ConsumedRecord } from '@rp/messaging';
import { PermanentError } from '@rp/messaging';
import { createLogger } from '@rp/observability';
import type { PendingChange } from '@rp/persistence';
import { CanvasChangeHandler } from './canvas-change.handler';

const logger = createLogger({ service: 'loader-test', level: 'error', sink: () => undefined });
const change = (o: Partial<CanvasEntityChange> = {}): CanvasEntityChange => ({
  tenant: 'acme', canvasType: 'user', sisId: 'U1', op: 'upsert', syncRun: 'run-1', contentHash: 'h1', school: 'S1',
  row: { user_id: 'U1', login_id: 'u1', status: 'active' }, sources: ['user:U1'], ...o,
});
const record = (value: CanvasEntityChange | null, offset = '0') =>
  ({ topic: 'canvas.users', partition: 0, offset, key: 'acme|user|U1', value, headers: {}, tenant: 'acme' }) as unknown as ConsumedRecord<CanvasEntityChange>;

describe('CanvasChangeHandler', () => {
  it('stores every change as a pending row with the receive time, skipping tombstones', async () => {
    const stored: { changes: PendingChange[]; at: Date }[] = [];
    const at = new Date('2026-11-28T10:00:00Z');
    const handler = new CanvasChangeHandler({ store: { upsertChanges: async (changes, receivedAt) => (stored.push({ changes, at: receivedAt }), { stored: changes.length, unchanged: 0 }) }, clock: () => at, logger });
    await handler.handle([record(change()), record(null, '1'), record(change({ sisId: 'U2', op: 'delete', syncRun: '', school: null }), '2')]);
    expect(stored).toEqual([{
      at,
      changes: [
        { tenant: 'acme', canvasType: 'user', sisId: 'U1', row: { user_id: 'U1', login_id: 'u1', status: 'active' }, hash: 'h1', op: 'upsert', school: 'S1', syncRun: 'run-1', sources: ['user:U1'], force: false },
        { tenant: 'acme', canvasType: 'user', sisId: 'U2', row: { user_id: 'U1', login_id: 'u1', status: 'active' }, hash: 'h1', op: 'delete', school: null, syncRun: null, sources: ['user:U1'], force: false },
      ],
    }]);
  });

  it('dead-letters a change without a content hash (it could never be deduplicated)', async () => {
    const handler = new CanvasChangeHandler({ store: { upsertChanges: async () => ({ stored: 0, unchanged: 0 }) }, clock: () => new Date(), logger });
    await expect(handler.handle([record(change({ contentHash: '' }))])).rejects.toThrow(PermanentError);
  });

  it('marks a change carried by `ops replay --force` so it is applied even though Canvas should already have it', async () => {
    const stored: PendingChange[] = [];
    const handler = new CanvasChangeHandler({ store: { upsertChanges: async (changes) => (stored.push(...changes), { stored: changes.length, unchanged: 0 }) }, clock: () => new Date(), logger });
    const forced = { ...record(change()), headers: { 'replay-force': Buffer.from('true') } } as unknown as ConsumedRecord<CanvasEntityChange>;
    await handler.handle([forced, record(change({ sisId: 'U2' }), '1')]);
    expect(stored.map((c) => [c.sisId, c.force])).toEqual([['U1', true], ['U2', false]]);
  });
});
