import { createServer } from 'node:net';
import { ephemeralRange, freePort } from './free-port';

describe('freePort', () => {
  it('reads the ephemeral range and ignores what it cannot use', () => {
    expect(ephemeralRange(() => '32768\t60999\n')).toEqual([32768, 60999]);
    expect(ephemeralRange(() => 'garbage')).toBeUndefined();
    expect(ephemeralRange(() => { throw new Error('no /proc'); })).toBeUndefined();
  });

  it('gives distinct ports an app can listen on, outside the range outgoing connections use', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
    const range = ephemeralRange();
    if (range) for (const port of ports) expect(port < range[0] || port > range[1]).toBe(true);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(ports[0], '127.0.0.1', () => resolve()));
    await new Promise((resolve) => server.close(resolve));
  });
});
