import { DefaultOpsContext } from './ops-context';

function context(env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  const ctx = new DefaultOpsContext({ env, stdout: (t) => (stdout += t), stderr: () => undefined });
  return { ctx, output: () => stdout };
}

describe('DefaultOpsContext', () => {
  const tenant = {
    id: 'acme',
    ic: { tokenUrl: 'https://ic.example/token', clientSecret: 'ic-s3cret' },
    canvas: { token: 'canvas-t0ken', baseUrl: 'https://user:pw@canvas.example' },
  };

  it('--json prints one redacted JSON line; public settings named like secrets stay', () => {
    const { ctx, output } = context();
    ctx.setJson(true);
    ctx.out(tenant, 'ignored in JSON mode');
    const printed = output();
    expect(printed.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(printed)).toEqual({
      id: 'acme',
      ic: { tokenUrl: 'https://ic.example/token', clientSecret: '[REDACTED]' },
      canvas: { token: '[REDACTED]', baseUrl: 'https://user:[REDACTED]@canvas.example' },
    });
  });

  it('human output uses the formatter, with credentials in text removed', () => {
    const { ctx, output } = context();
    ctx.out(tenant, (t) => `tenant ${t.id} via Bearer abc.def`);
    expect(output()).toBe('tenant acme via Bearer [REDACTED]\n');
  });

  it('applies TOPIC_PREFIX to topics and groups, and strips it for display', () => {
    const { ctx } = context({ TOPIC_PREFIX: 'e2e-1.' });
    expect(ctx.topic('sync.requests')).toBe('e2e-1.sync.requests');
    expect(ctx.group('ops.reader')).toBe('e2e-1.ops.reader');
    expect(ctx.logicalTopic('e2e-1.canvas.users.dlq')).toBe('canvas.users.dlq');
  });

  it('connects to nothing until asked (no Kafka settings needed for database commands)', async () => {
    const { ctx } = context();
    expect(() => ctx.kafka()).toThrow('KAFKA_BROKERS is required');
    await expect(ctx.tenants()).rejects.toThrow('SECRETS_KEY is required');
    await ctx.close();
  });
});
