/** A Canvas base URL that cannot identify an instance (not http(s), credentials, a query or a fragment). */
export class InvalidCanvasBaseUrlError extends Error {
  constructor(raw: string, problem: string) {
    super(`Canvas base URL "${raw}" ${problem}; give the instance's address, e.g. https://district.instructure.com`);
    this.name = 'InvalidCanvasBaseUrlError';
  }
}

/**
 * One spelling per Canvas instance: lower-case scheme and host, no default port, no trailing slash (a path prefix,
 * as behind a reverse proxy, is kept). Two tenants' base URLs compare equal exactly when these strings do.
 */
export function canonicalCanvasBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidCanvasBaseUrlError(raw, 'is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidCanvasBaseUrlError(raw, `uses ${url.protocol.replace(/:$/, '')}, not http(s)`);
  if (url.username || url.password) throw new InvalidCanvasBaseUrlError(raw, 'holds credentials (the token is stored as a secret)');
  if (url.search || url.hash) throw new InvalidCanvasBaseUrlError(raw, 'has a query or fragment');
  // WHATWG URL already lower-cases scheme and host and drops :80 on http and :443 on https.
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
