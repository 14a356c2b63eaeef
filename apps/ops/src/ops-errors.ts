import { ConfigError } from '@rp/config';
import { TenantNotFoundError } from '@rp/persistence';

/** Exit codes of the CLI: 0 ok, 1 the operator must change something, 2 the system failed (retry later). */
export const ExitCode = { ok: 0, userError: 1, systemError: 2 } as const;

/** A mistake the operator can fix (bad flag, unknown tenant, invalid settings); the message names the fix. Exit 1. */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** Errors from libraries that mean "fix your input or environment" rather than "the system is down". */
const USER_ERROR_NAMES = new Set([
  'UserError',
  'CommanderError',
  'InvalidPassbackSettingsError',
  'InvalidMappingSettingsError',
  'SecretDecryptionError',
  'TenantConflictError',
  'InvalidCanvasBaseUrlError',
]);

/** Exit code for a failure: 1 for user errors (incl. bad configuration and unknown tenants), 2 otherwise. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UserError || error instanceof ConfigError || error instanceof TenantNotFoundError) {
    return ExitCode.userError;
  }
  if (error instanceof Error && USER_ERROR_NAMES.has(error.name)) return ExitCode.userError;
  const declared = (error as { exitCode?: unknown } | null)?.exitCode;
  if (declared === ExitCode.userError || declared === ExitCode.systemError) return declared;
  // TenantRepository.create throws plain Errors for a bad id or a duplicate; both name the fix.
  if (error instanceof Error && /^tenant (id "|\S+ already exists)/.test(error.message)) return ExitCode.userError;
  return ExitCode.systemError;
}
