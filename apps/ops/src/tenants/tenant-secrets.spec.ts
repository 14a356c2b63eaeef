import { resolveTenantSecrets } from './tenant-secrets';

const files: Record<string, string> = {
  'secrets.json': '{"canvasToken":"from-file","icVendorAuthorization":"vendor-auth"}',
  'bad.json': '{"canvasToken": "x", ',
  'extra.json': '{"password":"x"}',
};
const readText = (path: string) => {
  if (!(path in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  return files[path];
};
const base = { env: {}, useEnv: true, readText, required: [] as ('icClientSecret' | 'canvasToken')[] };

describe('resolveTenantSecrets', () => {
  it('takes the secrets file first, then the environment', async () => {
    const secrets = await resolveTenantSecrets({
      ...base,
      secretsFile: 'secrets.json',
      env: { CANVAS_TOKEN: 'from-env', IC_CLIENT_SECRET: 'ic-env' },
      required: ['icClientSecret', 'canvasToken'],
    });
    expect(secrets).toEqual({ canvasToken: 'from-file', icVendorAuthorization: 'vendor-auth', icClientSecret: 'ic-env' });
  });

  it('ignores the environment when told to (tenants update without --secrets-from-env)', async () => {
    expect(await resolveTenantSecrets({ ...base, useEnv: false, env: { CANVAS_TOKEN: 'stray' } })).toEqual({});
  });

  it('asks the prompt for missing required secrets', async () => {
    const asked: string[] = [];
    const secrets = await resolveTenantSecrets({
      ...base,
      env: { IC_CLIENT_SECRET: 'ic-env' },
      required: ['icClientSecret', 'canvasToken'],
      prompt: async (label) => {
        asked.push(label);
        return ' typed-token ';
      },
    });
    expect(asked).toEqual(['Canvas API token']);
    expect(secrets.canvasToken).toBe('typed-token');
  });

  it('without a terminal, names the variable and the file to use', async () => {
    await expect(resolveTenantSecrets({ ...base, required: ['canvasToken'] })).rejects.toThrow(
      'the Canvas API token is required: set CANVAS_TOKEN in the environment or pass --secrets-file',
    );
  });

  it.each([
    ['missing.json', 'cannot be read (ENOENT)'],
    ['bad.json', 'is not valid JSON'],
    ['extra.json', 'unknown key(s) password'],
  ])('reports a bad secrets file %s without echoing its content', async (file, message) => {
    const error = await resolveTenantSecrets({ ...base, secretsFile: file }).catch((e: Error) => e);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('"x"');
  });
});
