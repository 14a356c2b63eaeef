import { Type } from 'avsc';
import { PIPELINE_SCHEMAS } from '@rp/messaging';
import { entityChangeOfSize } from './publisher-throughput';

describe('records for the publisher reference', () => {
  const type = Type.forSchema(PIPELINE_SCHEMAS.oneRosterEntityChange as never);

  it.each([512, 2048])('are valid OneRosterEntityChange values of about %d bytes once Avro-encoded', (bytes) => {
    const change = entityChangeOfSize(7, bytes);
    expect(type.isValid(change)).toBe(true);
    const encoded = type.toBuffer(change).length + 5; // + Confluent magic byte and schema id
    expect(Math.abs(encoded - bytes) / bytes).toBeLessThan(0.1);
    expect(JSON.parse(change.record!)).toMatchObject({ sourcedId: 'u-7' });
  });
});
