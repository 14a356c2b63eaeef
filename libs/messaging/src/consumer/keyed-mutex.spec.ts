import { KeyedMutex } from './keyed-mutex';

describe('KeyedMutex', () => {
  it('runs tasks of one key one at a time in arrival order, and other keys alongside', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`${name} end`);
    };
    await Promise.all([mutex.run('acme', task('acme-1')), mutex.run('acme', task('acme-2')), mutex.run('beta', task('beta-1'))]);
    expect(log.indexOf('acme-1 end')).toBeLessThan(log.indexOf('acme-2 start'));
    expect(log.indexOf('beta-1 start')).toBeLessThan(log.indexOf('acme-1 end'));
  });

  it('lets the next task of the key run after one failed', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('acme', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(mutex.run('acme', async () => 'next')).resolves.toBe('next');
  });
});
