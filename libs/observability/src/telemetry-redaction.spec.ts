import { pathRedactingHook } from './telemetry';

describe('pathRedactingHook (incoming request paths in server spans)', () => {
  const redact = (path: string) => path.replace(/^(\/live-events\/)[^/]+/, '$1[redacted]');
  const span = (attributes: Record<string, string>) => ({
    attributes: { ...attributes },
    setAttribute(key: string, value: string) {
      this.attributes[key] = value;
    },
  });

  it('rewrites every path attribute of a server span, keeping the rest of the value', () => {
    const s = span({ 'http.target': '/live-events/s3cret?x=1', 'http.url': 'http://gw:8080/live-events/s3cret?x=1', 'url.path': '/live-events/s3cret', 'http.method': 'POST' });
    pathRedactingHook(redact)(s, { url: '/live-events/s3cret?x=1', socket: {} });
    expect(s.attributes).toEqual({
      'http.target': '/live-events/[redacted]?x=1', 'http.url': 'http://gw:8080/live-events/[redacted]?x=1', 'url.path': '/live-events/[redacted]', 'http.method': 'POST',
    });
  });

  it('leaves other paths and client requests alone', () => {
    const s = span({ 'http.target': '/readyz' });
    pathRedactingHook(redact)(s, { url: '/readyz', socket: {} });
    pathRedactingHook(redact)(s, { path: '/live-events/x' });
    expect(s.attributes).toEqual({ 'http.target': '/readyz' });
  });
});
