import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unzipSync, strFromU8 } from 'fflate';
import { CanvasPermanentError, CanvasRetriableError } from '../../errors/canvas.error';
import { CanvasHttpClient } from '../../http/canvas-http.client';
import { FakeClock } from '../../testing/fake-clock';
import { SisImportZipWriter } from '../writer/sis-import-zip.writer';
import { SisImportClient } from './sis-import.client';
import type { SisImport } from './sis-import.types';

interface Received { method: string; url: string; contentType?: string; auth?: string; body: Buffer }

/** A tiny Canvas stand-in on 127.0.0.1: accepts one import and walks it through states. */
function fakeCanvas(states: Partial<SisImport>[]) {
  const received: Received[] = [];
  let polls = 0;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ method: req.method!, url: req.url!, contentType: req.headers['content-type'], auth: req.headers.authorization, body: Buffer.concat(chunks) });
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('X-Rate-Limit-Remaining', '590.0');
    if (req.method === 'POST') return res.end(JSON.stringify({ id: 77, workflow_state: 'created', progress: 0 }));
    if (req.url!.includes('/errors')) return res.end(JSON.stringify({ sis_import_errors: [{ sis_import_id: 77, file: 'enrollments.csv', message: 'Unknown course C9', row: 3 }] }));
    if (req.url!.endsWith('/abort')) return res.end(JSON.stringify({ id: 77, workflow_state: 'aborted', progress: 10 }));
    if (req.url!.includes('/restore_states')) return res.end(JSON.stringify({ id: 5, workflow_state: 'queued' }));
    const state = states[Math.min(polls++, states.length - 1)];
    res.end(JSON.stringify({ id: 77, progress: 0, ...state }));
  });
  return { server, received, polls: () => polls };
}

describe('SisImportClient', () => {
  let server: Server;
  let received: Received[];
  let polls: () => number;
  let client: SisImportClient;
  let writer: SisImportZipWriter;

  async function start(states: Partial<SisImport>[], timeoutMs?: number) {
    ({ server, received, polls } = fakeCanvas(states));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const clock = new FakeClock();
    const http = new CanvasHttpClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'secret', tenant: 'acme', clock });
    client = new SisImportClient(http, { clock, polling: { timeoutMs } });
    writer = await SisImportZipWriter.create();
    await writer.write('users', { user_id: 'U1', login_id: 'u1', status: 'active' });
    return (await writer.finish()).path;
  }

  afterEach(async () => {
    await writer?.dispose();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('streams the zip with import options and polls to a terminal state with counts and messages', async () => {
    const zip = await start([
      { workflow_state: 'created' },
      { workflow_state: 'importing', progress: 40 },
      {
        workflow_state: 'imported_with_messages', progress: 100,
        data: { import_type: 'instructure_csv', supplied_batches: ['user'], counts: { users: 1, error_count: 0, warning_count: 1 } },
        processing_warnings: [['users.csv', 'user John Doe has already claimed john_doe\'s requested login information, skipping']],
        processing_errors: [],
        errors_attachment: { url: 'https://canvas.test/files/1/download', filename: 'sis_errors_attachment_77.csv' },
      },
    ]);
    const seen: string[] = [];
    const outcome = await client.importZip('self', zip, { diffing_data_set_identifier: 'sis:2025', change_threshold: 10, diffing_drop_status: 'inactive', override_sis_stickiness: true }, { onProgress: (i) => seen.push(i.workflow_state) });

    expect(outcome).toMatchObject({
      id: 77, state: 'imported_with_messages', succeeded: true, counts: { users: 1, warning_count: 1 }, errors: [],
      warnings: [{ file: 'users.csv', message: "user John Doe has already claimed john_doe's requested login information, skipping" }],
      errorsAttachment: { filename: 'sis_errors_attachment_77.csv' },
    });
    expect(seen).toEqual(['created', 'importing', 'imported_with_messages']);
    const post = received[0];
    expect(post.method).toBe('POST');
    expect(post.url).toBe('/api/v1/accounts/self/sis_imports?import_type=instructure_csv&extension=zip&diffing_data_set_identifier=sis%3A2025&change_threshold=10&diffing_drop_status=inactive&override_sis_stickiness=true');
    expect(post.contentType).toBe('application/zip');
    expect(post.auth).toBe('Bearer secret');
    expect(strFromU8(unzipSync(new Uint8Array(post.body))['users.csv'])).toBe('user_id,login_id,status\r\nU1,u1,active\r\n');
  });

  it('reports a failed import as not succeeded with its errors', async () => {
    const zip = await start([{ workflow_state: 'failed_with_messages', processing_errors: [['enrollments.csv', 'Error while importing CSV. Please contact support. (Error report 5)']] }]);
    const outcome = await client.importZip(1, zip);
    expect(outcome.succeeded).toBe(false);
    expect(outcome.errors).toEqual([{ file: 'enrollments.csv', message: 'Error while importing CSV. Please contact support. (Error report 5)' }]);
  });

  it('gives up polling with a retriable error that names the import', async () => {
    await start([{ workflow_state: 'importing', progress: 3 }], 60_000);
    await expect(client.waitForCompletion(1, 77)).rejects.toThrow(new CanvasRetriableError('SIS import 77 still importing at 3% after the polling timeout', 'Canvas runs one import at a time per root account; poll it again later', { tenant: 'acme', what: 'SIS import 77' }).message);
    expect(polls()).toBeGreaterThan(3);
  });

  it('refuses options Canvas would reject before uploading', async () => {
    const zip = await start([{ workflow_state: 'imported' }]);
    await expect(client.create(1, zip, { batch_mode: true })).rejects.toThrow(CanvasPermanentError);
    await expect(client.create(1, zip, { multi_term_batch_mode: true })).rejects.toThrow('multi_term_batch_mode needs change_threshold');
    await expect(client.create(1, zip, { change_threshold: 0 })).rejects.toThrow('change_threshold must be an integer 1–100');
    await expect(client.create(1, zip, { diffing_data_set_identifier: 'x'.repeat(129) })).rejects.toThrow('1–128 bytes');
    expect(received).toHaveLength(0);
  });

  it('aborts, restores and lists row errors', async () => {
    await start([{ workflow_state: 'importing' }]);
    expect((await client.abort(1, 77)).workflow_state).toBe('aborted');
    expect((await client.restoreStates(1, 77, { undelete_only: true })).workflow_state).toBe('queued');
    const errors = [];
    for await (const error of client.listErrors(1, 77)) errors.push(error);
    expect(errors).toEqual([{ sis_import_id: 77, file: 'enrollments.csv', message: 'Unknown course C9', row: 3 }]);
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /api/v1/accounts/1/sis_imports/77/abort',
      'PUT /api/v1/accounts/1/sis_imports/77/restore_states?undelete_only=true',
      'GET /api/v1/accounts/1/sis_imports/77/errors?per_page=100',
    ]);
  });
});
