import { PermanentError } from '@rp/messaging';

/**
 * A full run that finds nothing where the snapshot has records is refused: it is a broken extract, not a mass delete.
 * Permanent: running again at once would find the same, so the run fails with this message (the one classifier,
 * `classifyError` of @rp/messaging, decides what else is worth running again).
 */
export class EmptyCollectionError extends PermanentError {
  constructor(tenant: string, collection: string, live: number) {
    super(
      `tenant ${tenant}: ${collection} came back empty while ${live} records are provisioned; ` +
        'refusing to delete them all — check the IC connection scope, then run a full sync again',
    );
    this.name = 'EmptyCollectionError';
  }
}
