import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** One file to put into the archive, read from disk in chunks. */
export interface ZipSource {
  name: string;
  path: string;
}

/**
 * Streams files into a zip at `target` without holding any file in memory.
 * `store` keeps entries uncompressed (Canvas rejects zips whose content is ≥100× their size).
 */
export async function zipFilesToDisk(sources: readonly ZipSource[], target: string, store = false): Promise<void> {
  const out = createWriteStream(target);
  let failure: Error | undefined;
  let draining: Promise<unknown> | undefined;
  out.on('error', (error) => (failure = error));
  const finished = new Promise<void>((resolve, reject) => {
    const zip = new Zip((error, chunk, final) => {
      if (error) return reject(error);
      if (!out.write(chunk)) draining ??= once(out, 'drain').finally(() => (draining = undefined));
      if (final) out.end(() => resolve());
    });
    void (async () => {
      try {
        for (const source of sources) {
          const entry = store ? new ZipPassThrough(source.name) : new ZipDeflate(source.name, { level: 6 });
          zip.add(entry);
          for await (const chunk of createReadStream(source.path)) {
            entry.push(chunk as Uint8Array, false);
            if (draining) await draining;
            if (failure) throw failure;
          }
          entry.push(new Uint8Array(0), true);
        }
        zip.end();
      } catch (error) {
        zip.terminate();
        out.destroy();
        reject(error);
      }
    })();
  });
  await finished;
  if (failure) throw failure;
}
