import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { BUILT_APPS, buildAppsInto, removeBuild, repoRoot } from './built-apps';

/** Every file under a folder, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

describe('production build (deploy/build/build-apps.mjs)', () => {
  let outDir: string;

  beforeAll(() => {
    outDir = buildAppsInto('deploy-build');
  });
  afterAll(() => removeBuild(outDir));

  it.each(BUILT_APPS)('produces apps/%s/main.js', (app) => {
    expect(existsSync(join(outDir, 'apps', app, 'main.js'))).toBe(true);
  });

  it('runs the ops CLI with plain node: aliases and JSON imports resolve without dev tooling', () => {
    const run = spawnSync(process.execPath, [join(outDir, 'apps/ops/main.js'), '--help'], {
      cwd: outDir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_OPTIONS: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const command of ['migrate', 'tenants', 'sync', 'runs', 'dlq', 'passback', 'plans', 'replay']) {
      expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('ships the JSON the apps import (Avro schemas, OneRoster schemas, consumer groups)', () => {
    const transformer = filesUnder(join(outDir, 'apps/transformer'));
    expect(transformer).toContain('libs/runtime/src/consumer-groups.contract.json');
    expect(transformer).toContain('libs/messaging/src/contracts/avro/oneroster-entity-change.avsc.json');
    expect(transformer).toContain('libs/oneroster/src/schemas/rostering.schemas.json');
  });

  it.each(BUILT_APPS)('%s contains no TypeScript, tests or simulators, and every require resolves', (app) => {
    const appDir = join(outDir, 'apps', app);
    const files = filesUnder(appDir);
    expect(files.filter((f) => /\.ts$|(^|\/)test\/|\.spec\.js$/.test(f))).toEqual([]);
    const dependencies = Object.keys(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).dependencies);
    const unresolved: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      for (const [, specifier] of readFileSync(join(appDir, file), 'utf8').matchAll(/\brequire\(["']([^"']+)["']\)/g)) {
        if (specifier.startsWith('.')) {
          if (!existsSync(join(appDir, dirname(file), specifier))) unresolved.push(`${file} → ${specifier}`);
        } else if (specifier.startsWith('@rp/')) {
          unresolved.push(`${file} → ${specifier} (alias left in the output)`);
        } else if (!specifier.startsWith('node:')) {
          const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
          if (!dependencies.includes(name) && !builtinModules.includes(name)) unresolved.push(`${file} → ${specifier} (not a runtime dependency)`);
        }
      }
    }
    expect(unresolved).toEqual([]);
  });

  it('keeps source maps that point back to the TypeScript sources', () => {
    const map = JSON.parse(readFileSync(join(outDir, 'apps/loader/apps/loader/src/main.js.map'), 'utf8'));
    const source = join(outDir, 'apps/loader/apps/loader/src', map.sources[0]);
    expect(relative(repoRoot, source)).toBe('apps/loader/src/main.ts');
  });

  it.each(BUILT_APPS)('apps/%s/project.json builds the app with this script into dist/apps/<app>', (app) => {
    const project = JSON.parse(readFileSync(join(repoRoot, 'apps', app, 'project.json'), 'utf8'));
    expect(project.tags).toContain('type:app');
    expect(project.targets.build.options.command).toBe(`node deploy/build/build-apps.mjs ${app}`);
    expect(project.targets.build.outputs).toEqual([`{workspaceRoot}/dist/apps/${app}`]);
  });
});
