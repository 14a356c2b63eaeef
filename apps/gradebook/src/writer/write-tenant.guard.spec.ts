import type { ConsumedRecord, GradebookWrite } from '@rp/messaging';
import { refuseForeignWrites, tenantMismatch } from './write-tenant.guard';

const write = (tenant: string) => ({ tenant, kind: 'result', op: 'upsert', sourcedId: 'r-1' }) as GradebookWrite;
const record = (value: GradebookWrite | null, key: string | null, headerTenant?: string): ConsumedRecord<GradebookWrite> => ({
  topic: 'oneroster.gradebook-writes', partition: 0, offset: '7', key, value,
  headers: headerTenant === undefined ? {} : { tenant: Buffer.from(headerTenant) },
  tenant: headerTenant, timestamp: '0', traceContext: {} as never, raw: {} as never,
});

describe('tenantMismatch (gradebook writes must name one tenant in key, header and value)', () => {
  it.each([
    ['key, header and value agree', record(write('acme'), 'acme|r-1', 'acme'), undefined],
    ['key and value agree, no header', record(write('acme'), 'acme|r-1'), undefined],
    ['the value names another tenant than key and header', record(write('globex'), 'acme|r-1', 'acme'), /value names tenant globex but its key names tenant acme/],
    ['the header names another tenant', record(write('acme'), 'acme|r-1', 'globex'), /its tenant header names tenant globex/],
    ['only the value names a tenant', record(write('acme'), null), /only in its value/],
    ['a tombstone (nothing to write)', record(null, 'acme|r-1', 'acme'), undefined],
  ])('%s', (_what, consumed, expected) => {
    const reason = tenantMismatch(consumed);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(expected);
  });

  it('refuses the batch with a permanent error naming the record (the consumer dead-letters it alone)', () => {
    expect(() => refuseForeignWrites([record(write('acme'), 'acme|r-1', 'acme'), record(write('globex'), 'acme|r-1', 'acme')]))
      .toThrow(/gradebook write result r-1 at oneroster.gradebook-writes\/0@7 refused: .*globex.*nothing was written to IC/);
    expect(() => refuseForeignWrites([record(write('acme'), 'acme|r-1', 'acme')])).not.toThrow();
  });
});
