import { readCapped } from './read-capped';

describe('readCapped', () => {
  it('stops reading a streamed body at the cap', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    expect(await readCapped({ headers: new Headers(), text: async () => '', body }, 4096)).toBeUndefined();
    expect(pulled).toBeLessThan(10);
  });

  it('refuses a body whose declared length is over the cap without reading it, and reads one under it', async () => {
    const large = new Response('x'.repeat(10), { headers: { 'content-length': '5000' } });
    expect(await readCapped(large, 4096)).toBeUndefined();
    const small = new Response('{"ok":true}');
    expect(await readCapped(small, 4096)).toBe('{"ok":true}');
    expect(await readCapped({ headers: new Headers(), text: async () => 'x'.repeat(5000) }, 4096)).toBeUndefined();
  });
});
