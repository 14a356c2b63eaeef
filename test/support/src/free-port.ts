import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports handed out by this process: never twice, even after the probe released them. */
const handedOut = new Set<number>();

/** Linux's range for outgoing connections' local ports (`ip_local_port_range`), when it can be read. */
export function ephemeralRange(read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')): [number, number] | undefined {
  try {
    const [low, high] = read().trim().split(/\s+/).map(Number);
    return Number.isInteger(low) && Number.isInteger(high) && low > 1024 && high >= low ? [low, high] : undefined;
  } catch {
    return undefined;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function osPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A free TCP port on 127.0.0.1 for an app or simulator a test starts later. Taken below the ephemeral range: a port the
 * OS hands out with listen(0) can meanwhile become the local port of some outgoing connection (a Kafka or PostgreSQL
 * client), and the app then fails with EADDRINUSE. Falls back to the OS's choice where the range is unknown.
 */
export async function freePort(): Promise<number> {
  const range = ephemeralRange();
  if (range) {
    const [low] = range;
    const floor = 20_000;
    const span = low - floor;
    for (let attempt = 0; span > 100 && attempt < 200; attempt++) {
      const port = floor + Math.floor(Math.random() * span);
      if (handedOut.has(port)) continue;
      handedOut.add(port); // before the probe: concurrent callers never pick the same port
      if (await canListen(port)) return port;
      handedOut.delete(port);
    }
  }
  for (;;) {
    const port = await osPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
