import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../support';

/**
 * A TCP proxy on 127.0.0.1 in front of a shared service (the schema registry), so a test can take "the service" away
 * from its apps without touching the shared one. `stop()` closes the listener and cuts every open connection — the
 * apps then get refused connections, as from a stopped server; `start()` listens again on the same port.
 */
export class TcpProxy {
  private server?: Server;
  private readonly open = new Set<Socket>();
  /** Connections accepted since the proxy was created. */
  accepted = 0;

  private constructor(readonly port: number, private readonly upstream: { host: string; port: number }) {}

  static async start(upstreamUrl: string): Promise<TcpProxy> {
    const url = new URL(upstreamUrl);
    const proxy = new TcpProxy(await freePort(), { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) });
    await proxy.start();
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString().replace(/\/$/, '');
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      this.accepted += 1;
      const upstream = createConnection(this.upstream);
      for (const socket of [client, upstream]) {
        this.open.add(socket);
        socket.once('close', () => this.open.delete(socket));
        socket.on('error', () => undefined); // a cut connection is the point, not a failure of the test
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.open) socket.destroy();
    await closed;
  }
}
