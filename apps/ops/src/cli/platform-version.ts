import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version in the platform's package.json (found upwards from this file: sources and the built image alike). */
export function platformVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'rostering-platform' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
