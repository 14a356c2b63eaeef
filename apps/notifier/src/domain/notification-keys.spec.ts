import { deliveryKey, notificationKey } from './notification-keys';

describe('notification keys (what makes a notification "the same" across restarts and replays)', () => {
  it.each([
    ['same run failing again at the same stage is one fact', ['run-failed', 'acme', 'r1', 'extractor'], ['run-failed', 'acme', 'r1', 'extractor'], true],
    ['another run is another fact', ['run-failed', 'acme', 'r1', 'extractor'], ['run-failed', 'acme', 'r2', 'extractor'], false],
    ['another tenant is another fact', ['plan-held', 'acme', '7'], ['plan-held', 'globex', '7'], false],
    ['another kind is another fact', ['plan-held', 'acme', '7'], ['run-failed', 'acme', '7'], false],
    ['a separator inside an id cannot forge another key', ['plan-held', 'a|b', 'c'], ['plan-held', 'a', 'b|c'], false],
  ] as const)('%s', (_why, a, b, same) => {
    const [kindA, ...restA] = a;
    const [kindB, ...restB] = b;
    expect(notificationKey(kindA, restA[0], ...restA.slice(1)) === notificationKey(kindB, restB[0], ...restB.slice(1))).toBe(same);
  });

  it('a delivery key is stable per webhook and differs between webhooks', () => {
    const key = notificationKey('plan-held', 'acme', '7');
    expect(deliveryKey(key, 'w1')).toBe(deliveryKey(key, 'w1'));
    expect(deliveryKey(key, 'w1')).not.toBe(deliveryKey(key, 'w2'));
    expect(deliveryKey(key, 'w1')).toMatch(/^[0-9a-f]{32}$/);
  });
});
