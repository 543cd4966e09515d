import { describe, expect, it } from 'vitest';
import { parseSize } from '../../../src/cli/proxy.js';
import { isHijack, isStreamedUpload } from '../../../src/proxy/http-routes.js';

const segments = (path: string) => path.slice(1).split('/');

describe('requests the HTTP layer treats specially', () => {
  it.each([
    ['POST', '/build', '', true],
    ['POST', '/images/load', 'quiet=1', true],
    ['POST', '/images/create', 'fromSrc=-', true],
    ['POST', '/images/create', 'fromImage=busybox', false],
    ['PUT', '/containers/web/archive', 'path=/tmp', true],
    ['GET', '/containers/web/archive', 'path=/tmp', false],
    ['POST', '/plugins/create', 'name=p', true],
    ['POST', '/containers/create', '', false],
    ['POST', '/build/prune', '', false],
  ])('%s %s?%s streamed: %s', (method, path, query, streamed) => {
    expect(isStreamedUpload(method, segments(path), new URLSearchParams(query))).toBe(streamed);
  });

  it.each([
    ['POST', '/containers/web/attach', true],
    ['POST', '/exec/abc/start', true],
    ['POST', '/session', true],
    ['POST', '/grpc', true],
    ['GET', '/containers/web/attach/ws', false],
    ['GET', '/_ping', false],
    ['POST', '/containers/web/start', false],
    ['POST', '/exec/abc/resize', false],
  ])('%s %s may switch protocols: %s', (method, path, hijack) => {
    expect(isHijack(method, segments(path))).toBe(hijack);
  });
});

describe('--max-body sizes', () => {
  it.each([
    ['4MiB', 4 * 1024 * 1024],
    ['512KiB', 512 * 1024],
    ['1048576', 1048576],
    ['2M', 2 * 1024 * 1024],
    ['10 kb', 10_000],
  ])('%s is %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(['', '0', '-1', '4 lots', '1.5MiB', 'MiB'])('%j is refused', (text) => {
    expect(() => parseSize(text)).toThrow(`--max-body ${text}: expected a size such as 4MiB, 512KiB or 1048576`);
  });
});
