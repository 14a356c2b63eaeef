import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceSpec, referenceSpecsDir } from './reference-specs';

describe('reference documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specs-'));
  mkdirSync(join(dir, 'canvas', 'live-events'), { recursive: true });
  const env = { REFERENCE_SPECS_DIR: dir };

  it('reads the folder from the setting', () => {
    expect(referenceSpecsDir(env)).toBe(dir);
    expect(referenceSpec('canvas/live-events', env)).toBe(join(dir, 'canvas', 'live-events'));
  });

  it('defaults to ../shared/specs beside the repository', () => {
    expect(referenceSpecsDir({})).toMatch(/[/\\]shared[/\\]specs$/);
  });

  it('names the missing document, where it looked and the setting, instead of a bare ENOENT', () => {
    expect(() => referenceSpec('oneroster-1.2/onerosterv1p2rostersservice_openapi3_v1p0.json', env)).toThrow(
      /reference document oneroster-1\.2\/onerosterv1p2rostersservice_openapi3_v1p0\.json is missing: looked for .*specs-.*REFERENCE_SPECS_DIR/s,
    );
  });
});
