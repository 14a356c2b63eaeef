import { canonicalCanvasBaseUrl } from '@rp/canvas';

describe('canonicalCanvasBaseUrl', () => {
  it.each([
    ['http://127.0.0.1:27100', 'http://127.0.0.1:27100'],
    ['http://127.0.0.1:27100/', 'http://127.0.0.1:27100'],
    ['HTTPS://District.Instructure.COM', 'https://district.instructure.com'],
    ['https://district.instructure.com:443/', 'https://district.instructure.com'],
    ['http://canvas.district.org:80', 'http://canvas.district.org'],
    ['https://canvas.district.org:8443//', 'https://canvas.district.org:8443'],
    ['https://proxy.district.org/canvas/', 'https://proxy.district.org/canvas'],
    ['  https://district.instructure.com  ', 'https://district.instructure.com'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalCanvasBaseUrl(raw)).toBe(canonical);
  });

  it.each([
    ['district.instructure.com', /not an absolute URL/],
    ['ftp://district.instructure.com', /uses ftp, not http\(s\)/],
    ['https://admin:pw@district.instructure.com', /holds credentials/],
    ['https://district.instructure.com/?x=1', /query or fragment/],
    ['https://district.instructure.com/#top', /query or fragment/],
  ])('refuses %s', (raw, message) => {
    expect(() => canonicalCanvasBaseUrl(raw)).toThrow(message);
  });
});
