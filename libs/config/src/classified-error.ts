/**
 * Base of the client libraries' errors (Canvas, OneRoster): `retriable` says whether trying again later can help,
 * the flag libs/messaging's `classifyError` reads along an error's causes; the name is the subclass's.
 */
export abstract class ClassifiedError extends Error {
  abstract readonly retriable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
