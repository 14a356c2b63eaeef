import { readFileSync } from 'node:fs';
import { UserError } from '../ops-errors';

/** The secrets a tenant holds; never accepted as command-line flags (they would land in shell history). */
export interface TenantSecrets {
  icClientSecret?: string;
  canvasToken?: string;
  icVendorAuthorization?: string;
}

export type SecretName = keyof TenantSecrets;

/** Environment variable and description of each secret. */
export const SECRET_SOURCES: Record<SecretName, { env: string; label: string }> = {
  icClientSecret: { env: 'IC_CLIENT_SECRET', label: 'Infinite Campus OneRoster client secret' },
  canvasToken: { env: 'CANVAS_TOKEN', label: 'Canvas API token' },
  icVendorAuthorization: { env: 'IC_VENDOR_AUTHORIZATION', label: 'Infinite Campus x-vendor-authorization value' },
};

export interface SecretSourcesInput {
  /** `--secrets-file` path: a JSON object with any of icClientSecret, canvasToken, icVendorAuthorization. */
  secretsFile?: string;
  /** Whether the environment variables are read. */
  useEnv: boolean;
  env: NodeJS.ProcessEnv;
  /** Secrets that must end up set; missing ones are asked for when `prompt` exists, else an error. */
  required: SecretName[];
  /** Asks for a secret without echo (only when stdin is a terminal). */
  prompt?: (label: string) => Promise<string>;
  readText?: (path: string) => string;
}

/** Collects secrets from the secrets file, then the environment, then an interactive prompt. */
export async function resolveTenantSecrets(input: SecretSourcesInput): Promise<TenantSecrets> {
  const secrets: TenantSecrets = input.secretsFile ? readSecretsFile(input.secretsFile, input.readText) : {};
  for (const name of Object.keys(SECRET_SOURCES) as SecretName[]) {
    const fromEnv = input.useEnv ? input.env[SECRET_SOURCES[name].env]?.trim() : undefined;
    if (!secrets[name] && fromEnv) secrets[name] = fromEnv;
  }
  for (const name of input.required) {
    if (secrets[name]) continue;
    const { env, label } = SECRET_SOURCES[name];
    if (!input.prompt) {
      throw new UserError(
        `the ${label} is required: set ${env} in the environment or pass --secrets-file <file.json> ` +
          `containing {"${name}": "..."} (secrets are never accepted as flags)`,
      );
    }
    const answer = (await input.prompt(label)).trim();
    if (!answer) throw new UserError(`the ${label} is required and was left empty`);
    secrets[name] = answer;
  }
  return secrets;
}

function readSecretsFile(path: string, readText: (path: string) => string = (p) => readFileSync(p, 'utf8')): TenantSecrets {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(path));
  } catch (error) {
    // The message of a JSON parse error may quote the file's content, so it is not repeated here.
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`--secrets-file ${path} ${code ? `cannot be read (${code})` : 'is not valid JSON'}; ` +
      'it must hold a JSON object with icClientSecret, canvasToken and/or icVendorAuthorization');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UserError(`--secrets-file ${path} must hold a JSON object`);
  }
  const known = Object.keys(SECRET_SOURCES);
  const unknown = Object.keys(parsed).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new UserError(`--secrets-file ${path} has unknown key(s) ${unknown.join(', ')}; allowed: ${known.join(', ')}`);
  }
  const secrets: TenantSecrets = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new UserError(`--secrets-file ${path}: ${key} must be a non-empty string`);
    }
    secrets[key as SecretName] = value.trim();
  }
  return secrets;
}
