import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The official public documents some tests read (never copied into this repository): the OneRoster 1.2 OpenAPI
 * files published by 1EdTech (`oneroster-1.2/`) and the Live Events examples of Canvas's open-source repository
 * (`canvas/live-events/`). They live in `REFERENCE_SPECS_DIR`, by default `../shared/specs` beside the checkout.
 */
export const REFERENCE_SPECS_SETTING = 'REFERENCE_SPECS_DIR';

/** The repository root: the nearest folder above this file that holds nx.json. */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the repository root (nx.json) above ${__dirname}`);
    dir = up;
  }
  return dir;
}

export function referenceSpecsDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env[REFERENCE_SPECS_SETTING] || join(repoRoot(), '..', 'shared', 'specs'));
}

/**
 * The path of one reference document (a file or folder under the specs directory); a missing one fails with what
 * it is, where it was looked for and how to provide it — not with a bare ENOENT.
 */
export function referenceSpec(relativePath: string, env: NodeJS.ProcessEnv = process.env): string {
  const path = join(referenceSpecsDir(env), relativePath);
  if (!existsSync(path)) {
    throw new Error(
      `The reference document ${relativePath} is missing: looked for ${path}. These tests read the official OneRoster 1.2 ` +
        'OpenAPI files (oneroster-1.2/) and Canvas\'s Live Events examples (canvas/live-events/) from ' +
        `${REFERENCE_SPECS_SETTING} (default ../shared/specs beside the repository); put them there or point ` +
        `${REFERENCE_SPECS_SETTING} at a folder that holds them (README.md, "Test").`,
    );
  }
  return path;
}
