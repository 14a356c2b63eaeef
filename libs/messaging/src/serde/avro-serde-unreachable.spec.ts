import { createServer, type Server } from 'node:net';
import { classifyError } from '../errors';
import { failureCauseOf } from '../failure-cause';
import { AvroSerde } from './avro-serde';

/** A port on 127.0.0.1 that refuses connections (listened on once, then closed), like a registry that is down. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const schema = { type: 'record', name: 'Probe', fields: [{ name: 'id', type: 'string' }] } as const;

/**
 * The registry away: every call the serde makes must fail retriably with cause `schema-registry`, so a consumer waits
 * and reports the stall instead of dead-lettering the record (the client reports a refused connection as status 400).
 */
describe('AvroSerde with the schema registry unreachable', () => {
  let serde: AvroSerde;
  beforeAll(async () => (serde = new AvroSerde(`http://127.0.0.1:${await closedPort()}/apis/ccompat/v7`)));

  const expectRegistryWait = async (call: Promise<unknown>) => {
    const error = await call.then(() => undefined, (e: unknown) => e);
    expect(error).toBeDefined();
    expect({ class: classifyError(error), cause: failureCauseOf(error) }).toEqual({ class: 'retriable', cause: 'schema-registry' });
  };

  it('decoding a record of a schema it has not cached waits', async () => {
    await expectRegistryWait(serde.decode(Buffer.from([0, 0, 0, 0, 7, 2, 97])));
  }, 30_000);

  it('encoding for a topic it did not register waits', async () => {
    await expectRegistryWait(serde.encode('acme.sync.runs', { id: 'x' }));
  }, 30_000);

  it('registering a schema waits', async () => {
    await expectRegistryWait(serde.register('acme.probe', schema as never));
  }, 30_000);
});
