import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { strToU8, zipSync } from 'fflate';
import type { CanvasSimulator } from '../simulator';

/** Builds a zip of CSV files (name → text), in the given order. */
export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])));
}

export async function api(sim: CanvasSimulator, token: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${sim.baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* plain text bodies stay strings */
  }
  return { status: res.status, headers: res.headers, body: body as any };
}

/** POSTs a raw SIS import body and waits for the account's queue to drain; returns the final SisImport JSON. */
export async function importAndWait(sim: CanvasSimulator, key: string, token: string, data: Uint8Array | string, contentType = 'application/zip') {
  const posted = await api(sim, token, '/api/v1/accounts/self/sis_imports', {
    method: 'POST', headers: { 'Content-Type': contentType }, body: typeof data === 'string' ? data : Buffer.from(data),
  });
  if (posted.status !== 200) throw new Error(`import refused: ${posted.status} ${JSON.stringify(posted.body)}`);
  await sim.admin.waitForImports(key);
  return (await api(sim, token, `/api/v1/accounts/self/sis_imports/${posted.body.id}`)).body;
}

/** A local HTTPS-less webhook receiver that records every POST body. */
export async function webhookReceiver(status = 204): Promise<{ url: string; bodies: { contentType: string; body: string }[]; close(): Promise<void> }> {
  const bodies: { contentType: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ contentType: String(req.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/events`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

export const csv = (...lines: string[]) => lines.join('\n') + '\n';
