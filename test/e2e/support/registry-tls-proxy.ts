import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * The shared schema registry behind HTTPS and basic auth, as a production registry is: a proxy on 127.0.0.1 with a
 * locally generated certificate that refuses requests without the credentials (401) and forwards the others.
 */
export class RegistryTlsProxy {
  private constructor(
    private readonly server: Server,
    private readonly counts: { authorized: number; refused: number },
    readonly url: string,
    readonly username: string,
    readonly password: string,
  ) {}

  /** Requests forwarded with the right credentials. */
  get authorized(): number {
    return this.counts.authorized;
  }

  /** Requests answered 401. */
  get refused(): number {
    return this.counts.refused;
  }

  static async start(upstreamUrl: string, tls: { cert: string; key: string }, credentials = { username: 'rp-registry', password: 'registry-pw' }): Promise<RegistryTlsProxy> {
    const upstream = new URL(upstreamUrl);
    const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    const counts = { authorized: 0, refused: 0 };
    const server = createServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (req, res) => {
      if (req.headers.authorization !== expected) {
        counts.refused += 1;
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="registry"' });
        res.end('{"error_code":401,"message":"Unauthorized"}');
        return;
      }
      counts.authorized += 1;
      const { authorization: _auth, host: _host, ...headers } = req.headers;
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (error) => {
        res.writeHead(502);
        res.end(error.message);
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new RegistryTlsProxy(server, counts, `https://127.0.0.1:${port}${upstream.pathname}`, credentials.username, credentials.password);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
