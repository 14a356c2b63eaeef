import { settledAll } from './settled-all';

describe('settledAll', () => {
  it('gives every value in order', async () => {
    await expect(settledAll([Promise.resolve(1), Promise.resolve('two')])).resolves.toEqual([1, 'two']);
  });

  it('throws the first failure only after the slower promises settled', async () => {
    let slowDone = false;
    const slow = new Promise<void>((resolve) => setImmediate(() => {
      slowDone = true;
      resolve();
    }));
    await expect(settledAll([Promise.reject(new Error('first')), slow, Promise.reject(new Error('second'))])).rejects.toThrow('first');
    expect(slowDone).toBe(true);
  });
});
