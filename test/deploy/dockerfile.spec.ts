import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { effectiveInstructions, lastOf, parseDockerfile, rootImage } from './src/dockerfile.parser';
import { repoRoot } from './src/helm-render';

const dockerfile = readFileSync(join(repoRoot, 'deploy/docker/Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const appTargets: Array<[string, number]> = [
  ['extractor', 9464],
  ['transformer', 9464],
  ['loader', 9464],
  ['events-gateway', 8080],
  ['gradebook', 9464],
  ['notifier', 9464],
];

describe('deploy/docker/Dockerfile', () => {
  it('builds on node:24 and ships on node:24-slim', () => {
    expect(stages.find((s) => s.name === 'build')?.base).toBe('node:24');
    expect(rootImage(stages, 'runtime')).toBe('node:24-slim');
    for (const target of [...appTargets.map(([t]) => t), 'ops']) expect(rootImage(stages, target)).toBe('node:24-slim');
  });

  it('installs only production dependencies into the runtime image', () => {
    const runs = effectiveInstructions(stages, 'prod-deps').filter((i) => i.keyword === 'RUN');
    expect(runs.some((r) => /npm ci\b.*--omit=dev/.test(r.args))).toBe(true);
    const copies = effectiveInstructions(stages, 'runtime').filter((i) => i.keyword === 'COPY');
    expect(copies.some((c) => /--from=prod-deps\s.*node_modules/.test(c.args))).toBe(true);
    expect(copies.some((c) => /--from=build\s.*node_modules/.test(c.args))).toBe(false);
  });

  it('fails the build when any app lacks dist/apps/<app>/main.js', () => {
    const build = effectiveInstructions(stages, 'build').filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
    for (const app of ['extractor', 'transformer', 'loader', 'events-gateway', 'gradebook', 'ops']) {
      expect(build).toMatch(new RegExp(`for app in [^;]*\\b${app}\\b`));
    }
    expect(build).toContain('test -f "dist/apps/$app/main.js"');
  });

  it.each(appTargets)('target %s runs its entry point as a non-root user under tini with a health check', (target, port) => {
    const steps = effectiveInstructions(stages, target);
    expect(JSON.parse(lastOf(steps, 'CMD') ?? 'null')).toEqual(['node', `dist/apps/${target}/main.js`]);
    expect(JSON.parse(lastOf(steps, 'ENTRYPOINT') ?? 'null')).toEqual(['/usr/bin/tini', '--']);
    expect(steps.some((s) => s.keyword === 'RUN' && /apt-get install .*\btini\b/.test(s.args))).toBe(true);
    const user = lastOf(steps, 'USER') ?? 'root';
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/); // numeric, so Kubernetes can verify runAsNonRoot
    expect(lastOf(steps, 'HEALTHCHECK')).toContain('/healthz');
    expect(lastOf(steps, 'EXPOSE')).toBe(String(port));
  });

  it.each([...appTargets.map(([t]) => t), 'ops'])('target %s ships only its own build output, dist/apps/<app>', (target) => {
    const fromBuild = effectiveInstructions(stages, target)
      .filter((i) => i.keyword === 'COPY' && i.args.includes('--from=build'))
      .map((i) => i.args);
    expect(fromBuild).toEqual([`--from=build /src/dist/apps/${target} ./dist/apps/${target}`]);
  });

  it('gives the ops CLI tini and no health check (it is a one-shot command)', () => {
    const steps = effectiveInstructions(stages, 'ops');
    expect(JSON.parse(lastOf(steps, 'ENTRYPOINT') ?? 'null')).toEqual(['/usr/bin/tini', '--']);
    expect(JSON.parse(lastOf(steps, 'CMD') ?? 'null')).toEqual(['node', 'dist/apps/ops/main.js', '--help']);
    expect(lastOf(steps, 'HEALTHCHECK')).toBe('NONE');
    expect(lastOf(steps, 'USER')).toBe('1000:1000');
  });

  it('has a target for every image the Helm chart runs, matching the chart entry points', () => {
    const values = parse(readFileSync(join(repoRoot, 'helm/values.yaml'), 'utf8'));
    const images = new Set<string>([values.migrations.image, ...Object.values<{ image: string }>(values.apps).map((a) => a.image)]);
    for (const image of images) expect(stages.map((s) => s.name)).toContain(image);
    for (const [name, app] of Object.entries<{ image: string; args: string[] }>(values.apps)) {
      const cmd = JSON.parse(lastOf(effectiveInstructions(stages, app.image), 'CMD') ?? '[]');
      // gradebook-writer shares the gradebook entry point; everything else runs its own.
      expect(app.args).toEqual(cmd);
      expect(app.args[1]).toBe(`dist/apps/${name === 'gradebook-writer' ? 'gradebook' : name}/main.js`);
    }
  });

  it('keeps the build context small with a Dockerfile-specific ignore file', () => {
    const ignore = readFileSync(join(repoRoot, 'deploy/docker/Dockerfile.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', '.services', '.git', '.env']) expect(ignore).toContain(entry);
  });

  it('parses continuation lines and stage inheritance (guards the checks above)', () => {
    const parsed = parseDockerfile('ARG B=node:24\nFROM ${B} AS a\nUSER 0\nFROM a AS b\nRUN x \\\n  y\nUSER 1000\n');
    expect(rootImage(parsed, 'b')).toBe('node:24');
    expect(effectiveInstructions(parsed, 'b').map((i) => i.args)).toEqual(['0', 'x    y', '1000']);
  });
});
