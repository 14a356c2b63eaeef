#!/usr/bin/env node
// Production build of the apps: `node deploy/build/build-apps.mjs [--out <dir>] [app...]` (default: every app, into dist).
//
// For each app it walks the import graph from apps/<app>/src/main.ts, compiles every reachable .ts file with swc
// (the repo's .swcrc: legacy decorators + decorator metadata, CommonJS), copies every reachable .json file, rewrites
// the `@rp/*` aliases (tsconfig.base.json paths) to relative requires, and writes `<out>/apps/<app>/main.js`.
// The result runs with plain `node <out>/apps/<app>/main.js` and the production node_modules: no ts at runtime, no
// alias hook. The build refuses an app that reaches test code (test/**, *.spec.ts) or a package that is not in
// package.json "dependencies" (the image installs only those). Type checking is `npm run typecheck`, not this.
import { transformFileSync } from '@swc/core';
import { builtinModules } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (path) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));
const toPosix = (path) => path.split(sep).join('/');

const aliases = new Map(Object.entries(readJson('tsconfig.base.json').compilerOptions.paths).map(([alias, [target]]) => [alias, target]));
const dependencies = new Set(Object.keys(readJson('package.json').dependencies ?? {}));
const builtins = new Set(builtinModules);
const { $schema: _schema, ...swcrc } = readJson('.swcrc');

/** Every app folder with a src/main.ts. */
export function allApps() {
  return readdirSync(join(repoRoot, 'apps')).filter((app) => existsSync(join(repoRoot, 'apps', app, 'src/main.ts'))).sort();
}

function resolveSource(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${toPosix(relative(repoRoot, fromFile))}: cannot resolve '${specifier}'`);
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function assertRuntimeSource(file, importer) {
  const path = toPosix(relative(repoRoot, file));
  if (path.startsWith('..') || path.startsWith('test/') || /\.(int-|e2e-)?spec\.ts$/.test(path)) {
    throw new Error(`${importer} reaches '${path}', which is not runtime code (tests, simulators, outside the repo)`);
  }
  return path;
}

/** Compiles one app into <outDir>/apps/<app>; returns the repo-relative files it contains. */
export function buildApp(app, outDir) {
  const entry = join(repoRoot, 'apps', app, 'src/main.ts');
  if (!existsSync(entry)) throw new Error(`apps/${app}/src/main.ts does not exist`);
  const appOut = join(outDir, 'apps', app);
  rmSync(appOut, { recursive: true, force: true });
  const queue = [entry];
  const seen = new Set(queue);
  const outputOf = (file) => join(appOut, relative(repoRoot, file).replace(/\.ts$/, '.js'));

  while (queue.length > 0) {
    const file = queue.shift();
    const path = toPosix(relative(repoRoot, file));
    const target = outputOf(file);
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith('.json')) {
      copyFileSync(file, target);
      continue;
    }
    const { code, map } = transformFileSync(file, {
      ...swcrc,
      swcrc: false,
      configFile: false,
      sourceMaps: true,
      sourceFileName: toPosix(relative(dirname(target), file)),
    });
    const rewritten = code.replace(/\brequire\("([^"]+)"\)/g, (call, specifier) => {
      let dependency;
      if (aliases.has(specifier)) dependency = join(repoRoot, aliases.get(specifier));
      else if (specifier.startsWith('.')) dependency = resolveSource(file, specifier);
      else {
        const name = packageName(specifier.replace(/^node:/, ''));
        if (!specifier.startsWith('node:') && !builtins.has(name) && !dependencies.has(name)) {
          throw new Error(`${path} requires '${specifier}', which is not in package.json "dependencies"`);
        }
        return call;
      }
      assertRuntimeSource(dependency, path);
      if (!seen.has(dependency)) {
        seen.add(dependency);
        queue.push(dependency);
      }
      let relativeOut = toPosix(relative(dirname(target), outputOf(dependency)));
      if (!relativeOut.startsWith('.')) relativeOut = `./${relativeOut}`;
      return `require(${JSON.stringify(relativeOut)})`;
    });
    writeFileSync(target, `${rewritten}\n//# sourceMappingURL=${target.split(sep).pop()}.map\n`);
    writeFileSync(`${target}.map`, map);
  }

  // The entry point the images and `node dist/apps/<app>/main.js` run; the compiled tree keeps the repo layout.
  writeFileSync(join(appOut, 'main.js'), `'use strict';\n// Generated by deploy/build/build-apps.mjs.\nrequire('./apps/${app}/src/main.js');\n`);
  return [...seen].map((file) => toPosix(relative(repoRoot, file))).sort();
}

function main(argv) {
  const args = [...argv];
  let outDir = join(repoRoot, 'dist');
  const outAt = args.indexOf('--out');
  if (outAt >= 0) {
    outDir = resolve(args[outAt + 1] ?? '');
    args.splice(outAt, 2);
  }
  const apps = args.length > 0 ? args : allApps();
  for (const app of apps) {
    const files = buildApp(app, outDir);
    console.log(`built ${toPosix(relative(process.cwd(), join(outDir, 'apps', app, 'main.js')))} (${files.length} source files)`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`build failed: ${error.message}`);
    process.exit(1);
  }
}
