import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** A prompt for secrets when stdin and stderr are terminals (typed characters are not echoed); else undefined. */
export function terminalSecretPrompt(): ((label: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return (label) =>
    new Promise((resolve) => {
      let muted = false;
      const output = new Writable({
        write(chunk, _encoding, done) {
          if (!muted) process.stderr.write(chunk);
          done();
        },
      });
      const rl = createInterface({ input: process.stdin, output, terminal: true });
      rl.question(`${label}: `, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
      muted = true;
    });
}
