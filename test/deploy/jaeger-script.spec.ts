import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './src/helm-render';

/**
 * `scripts/services.sh jaeger-up` where Jaeger cannot be had: tracing is optional, so the script says why and how to
 * enable it, exits 3 (what `npm start` reads as "go on without tracing") and prints no OTLP endpoint for the apps.
 */
describe('scripts/services.sh jaeger-up without a usable Go toolchain', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jaeger-script-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the script with only `bin` and the system folders on PATH (no /usr/local/go/bin). */
  const jaegerUp = (bin: string, command = 'jaeger-up') => spawnSync('bash', [join(repoRoot, 'scripts/services.sh'), command], {
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, SERVICES_DIR: join(dir, 'services'), JAEGER_BIN: join(dir, 'jaeger', 'jaeger') },
  });

  it('says Go is missing, how to enable tracing, and that everything else runs', () => {
    const out = jaegerUp(join(dir, 'no-bin'));
    expect(out.status).toBe(3);
    expect(out.stderr).toContain('tracing is off: Go is not installed');
    expect(out.stderr).toContain('install Go 1.24 or newer');
    expect(out.stderr).toContain('bash scripts/services.sh jaeger-up');
    expect(out.stderr).toContain('everything else runs without it');
    expect(out.stdout).not.toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it("says the build failed and where its log is, when Go can't build Jaeger", () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'go'), '#!/bin/sh\necho "go: github.com/jaegertracing/jaeger: no route to the module proxy" >&2\nexit 1\n');
    chmodSync(join(bin, 'go'), 0o755);
    const out = jaegerUp(bin);
    expect(out.status).toBe(3);
    const log = join(dir, 'jaeger', 'build.log');
    expect(out.stderr).toContain(`tracing is off: the Jaeger build failed (see ${log})`);
    expect(readFileSync(log, 'utf8')).toContain('no route to the module proxy');
    expect(out.stdout).not.toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it('needs no Go once the binary is built: the build step reuses it', () => {
    mkdirSync(join(dir, 'jaeger'));
    writeFileSync(join(dir, 'jaeger', 'jaeger'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, 'jaeger', 'jaeger'), 0o755);
    const out = jaegerUp(join(dir, 'no-bin'), 'jaeger-build');
    expect(out.status).toBe(0);
    expect(out.stderr).toBe('');
  });
});
