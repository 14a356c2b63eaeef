import { EnvField } from './env-field';

/** A map from property names to the environment variables they come from. */
export type EnvSchema = Record<string, EnvField<unknown>>;

/** The typed object a schema produces. */
export type ConfigOf<S extends EnvSchema> = { readonly [K in keyof S]: S[K] extends EnvField<infer T> ? T : never };

/** Thrown once with every problem of the environment, so an operator fixes them all in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Reads and validates every variable of `schema` from `source`; throws one ConfigError listing all problems. */
export function loadConfig<S extends EnvSchema>(schema: S, source: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [property, field] of Object.entries(schema)) {
    try {
      result[property] = field.readFrom(source);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(result) as ConfigOf<S>;
}
