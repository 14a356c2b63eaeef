import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { parseCsv } from '@rp/testing';
import { decodeCanvasRow } from './canvas-row.codec';
import { SisCsvRowError } from './sis-csv-file.writer';
import { SisImportZipWriter } from './sis-import-zip.writer';

async function unzip(path: string): Promise<{ names: string[]; csv: Record<string, string[][]> }> {
  const entries = unzipSync(new Uint8Array(await readFile(path)));
  const names = Object.keys(entries);
  return { names, csv: Object.fromEntries(names.map((name) => [name, parseCsv(strFromU8(entries[name]))])) };
}

describe('SisImportZipWriter', () => {
  let writer: SisImportZipWriter;
  beforeEach(async () => (writer = await SisImportZipWriter.create({ tenant: 'acme' })));
  afterEach(() => writer.dispose());

  it('zips each kind into its own file, in Canvas processing order whatever the write order', async () => {
    await writer.write('user_observers', { observer_id: 'P1', student_id: 'U1', status: 'active' });
    await writer.write('enrollments', { course_id: 'C1', user_id: 'U1', role: 'student', status: 'active' });
    await writer.write('users', { user_id: 'U1', login_id: 'u1', full_name: 'Doe, "Jo"', status: 'active' });
    await writer.write('xlists', { xlist_course_id: 'C1', section_id: 'S2', status: 'active' });
    await writer.write('sections', { section_id: 'S1', course_id: 'C1', name: 'P1', status: 'active' });
    await writer.write('courses', { course_id: 'C1', short_name: 'M1', long_name: 'Math 1', term_id: 'T1', account_id: 'A1', status: 'active' });
    await writer.write('terms', { term_id: 'T1', name: 'Fall', status: 'active' });
    await writer.write('accounts', { account_id: 'A1', parent_account_id: '', name: 'North', status: 'active' });
    await writer.write('change_sis_id', { old_id: 'old', new_id: 'U1', type: 'user' });

    const zip = await writer.finish();
    const { names, csv } = await unzip(zip.path);
    const expectedOrder = [
      'change_sis_id.csv', 'accounts.csv', 'terms.csv', 'courses.csv', 'sections.csv', 'xlists.csv',
      'users.csv', 'enrollments.csv', 'user_observers.csv',
    ];
    expect(names).toEqual(expectedOrder);
    expect(zip.files.map((file) => file.fileName)).toEqual(expectedOrder);
    expect(zip.files.every((file) => file.rows === 1)).toBe(true);
    expect(csv['users.csv']).toEqual([['user_id', 'login_id', 'full_name', 'status'], ['U1', 'u1', 'Doe, "Jo"', 'active']]);
    expect(csv['accounts.csv'][0]).toEqual(['account_id', 'parent_account_id', 'name', 'status']);
    expect(csv['enrollments.csv']).toEqual([
      ['course_id', 'section_id', 'user_id', 'user_integration_id', 'role', 'role_id', 'status'],
      ['C1', '', 'U1', '', 'student', '', 'active'],
    ]);
  });

  it("writes a Canvas entity's row decoded from its wire cells into its entity's file", async () => {
    await writer.writeEntity(decodeCanvasRow('enrollment', { section_id: 'S1', user_id: 'U1', role: 'student', status: 'active', notify: 'true' }));
    await writer.writeEntity({ canvasType: 'user', row: { user_id: 'U1', login_id: 'u1', full_name: 'Jo', status: 'active' } });
    const { names, csv } = await unzip((await writer.finish()).path);
    expect(names).toEqual(['users.csv', 'enrollments.csv']);
    expect(csv['enrollments.csv']).toEqual([
      ['course_id', 'section_id', 'user_id', 'user_integration_id', 'role', 'role_id', 'status', 'notify'],
      ['', 'S1', 'U1', '', 'student', '', 'active', 'true'],
    ]);
  });

  it('names the CSVs with the given prefix, and refuses a prefix that is not a safe file name part', async () => {
    const tagged = await SisImportZipWriter.create({ tenant: 'acme', fileNamePrefix: 'rp-1a2b-' });
    try {
      await tagged.write('users', { user_id: 'U1', login_id: 'u1', full_name: 'Jo', status: 'active' });
      await tagged.write('accounts', { account_id: 'A1', parent_account_id: '', name: 'North', status: 'active' });
      const zip = await tagged.finish();
      expect((await unzip(zip.path)).names).toEqual(['rp-1a2b-accounts.csv', 'rp-1a2b-users.csv']);
      expect(zip.files.map((file) => file.fileName)).toEqual(['rp-1a2b-accounts.csv', 'rp-1a2b-users.csv']);
    } finally {
      await tagged.dispose();
    }
    await expect(SisImportZipWriter.create({ tenant: 'acme', fileNamePrefix: '../x/' })).rejects.toThrow(/file name prefix "..\/x\/" has characters other than/);
  });

  it('writes UTF-8 with quoted multi-line values that survive a round trip', async () => {
    await writer.write('courses', { course_id: 'CS/101.11é', short_name: 'Alg, I', long_name: 'Line 1\nLine 2 — 数学', status: 'active' });
    const zip = await writer.finish();
    const raw = unzipSync(new Uint8Array(await readFile(zip.path)))['courses.csv'];
    expect(Buffer.from(raw).toString('utf8')).toContain('CS/101.11é,"Alg, I","Line 1\nLine 2 — 数学"');
    expect((await unzip(zip.path)).csv['courses.csv'][1]).toEqual(['CS/101.11é', 'Alg, I', 'Line 1\nLine 2 — 数学', 'active']);
  });

  it('uses declared columns so a blank date column is written on purpose only', async () => {
    const declared = await SisImportZipWriter.create({ columns: { terms: ['term_id', 'name', 'status', 'start_date', 'end_date'] } });
    try {
      await declared.write('terms', { term_id: 'T1', name: 'Fall', status: 'active', start_date: '2025-08-20T00:00:00Z' });
      const { csv } = await unzip((await declared.finish()).path);
      expect(csv['terms.csv']).toEqual([['term_id', 'name', 'status', 'start_date', 'end_date'], ['T1', 'Fall', 'active', '2025-08-20T00:00:00Z', '']]);
    } finally {
      await declared.dispose();
    }
  });

  it('rejects a declared header that lacks a required column', async () => {
    const declared = await SisImportZipWriter.create({ tenant: 'acme', columns: { users: ['user_id', 'status'] } });
    try {
      await expect(declared.write('users', { user_id: 'U1', login_id: 'u', status: 'active' })).rejects.toThrow('tenant acme: users.csv header: required column login_id missing');
    } finally {
      await declared.dispose();
    }
  });

  it('refuses invalid rows with a permanent, row-numbered error and keeps the valid ones', async () => {
    await writer.write('enrollments', { course_id: 'C1', user_id: 'U1', role: 'student', status: 'active' });
    const failure = await writer.write('enrollments', { course_id: 'C1', user_id: 'U2', role: 'student', status: 'suspended' as never }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SisCsvRowError);
    expect((failure as SisCsvRowError).retriable).toBe(false);
    expect((failure as SisCsvRowError).message).toMatch(/^tenant acme: enrollments\.csv row 3: status "suspended" is not one of/);
    await writer.write('enrollments', { section_id: 'S1', user_id: 'U3', role: 'teacher', status: 'completed' });
    const { csv } = await unzip((await writer.finish()).path);
    expect(csv['enrollments.csv'].slice(1).map((row) => row[2])).toEqual(['U1', 'U3']);
  });

  it('refuses a value in a column the header does not have instead of silently dropping it', async () => {
    await writer.write('users', { user_id: 'U1', login_id: 'u1', status: 'active' });
    await expect(writer.write('users', { user_id: 'U2', login_id: 'u2', email: 'a@b.c', status: 'active' })).rejects.toThrow(/email is set but not in the file's columns/);
  });

  it('streams rows to disk as they are written, not at the end', async () => {
    for (let i = 0; i < 20_000; i += 1) {
      await writer.write('enrollments', { course_id: `C${i % 300}`, user_id: `U${i}`, role: 'student', status: 'active' });
    }
    expect((await stat(join(writer.directory, 'enrollments.csv'))).size).toBeGreaterThan(200_000);
    const zip = await writer.finish();
    expect(zip.files).toEqual([{ kind: 'enrollments', fileName: 'enrollments.csv', rows: 20_000, bytes: zip.uncompressedBytes }]);
    const rows = (await unzip(zip.path)).csv['enrollments.csv'];
    expect(rows).toHaveLength(20_001);
    expect(rows[20_000]).toEqual(['C199', '', 'U19999', '', 'student', '', 'active']);
  });

  it('stores entries uncompressed when deflate would exceed Canvas\'s 100× expansion limit', async () => {
    for (let i = 0; i < 5_000; i += 1) {
      await writer.write('user_observers', { observer_id: 'P1', student_id: 'U1', status: 'active' });
    }
    const zip = await writer.finish();
    expect(zip.stored).toBe(true);
    expect(zip.uncompressedBytes).toBeLessThan(zip.zipBytes * 100);
    expect((await unzip(zip.path)).csv['user_observers.csv']).toHaveLength(5_001);
  });

  it('refuses to zip an empty import and cleans up its directory on dispose', async () => {
    await expect(writer.finish()).rejects.toThrow('tenant acme: no rows were written; do not post an empty SIS import');
    await writer.dispose();
    expect(existsSync(writer.directory)).toBe(false);
  });
});
