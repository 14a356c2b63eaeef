/**
 * A OneRoster record that cannot be projected whatever arrives later (e.g. a user without any login id).
 * Permanent: the transformer dead-letters the record with this message and goes on.
 */
export class ProvisioningMappingError extends Error {
  readonly retriable = false;
  constructor(
    readonly tenant: string,
    readonly entity: { kind: string; sourcedId: string },
    problem: string,
  ) {
    super(`tenant ${tenant}: ${entity.kind} ${entity.sourcedId} ${problem}`);
    this.name = 'ProvisioningMappingError';
  }
}
