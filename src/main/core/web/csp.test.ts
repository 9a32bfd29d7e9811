import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, htmlContentSecurityPolicy, inlineScriptHashes } from './csp';

const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function directives(policy: string): Record<string, string> {
  return Object.fromEntries(
    policy.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('content security policy', () => {
  it('allows scripts from our origin only, and no inline code by default', () => {
    expect(directives(contentSecurityPolicy())).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(directives(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:1'] }))['connect-src']).toBe("'self' ws://127.0.0.1:1");
  });

  it('hashes each inline script exactly as the browser reads it', () => {
    const map = '{"imports":{"react":"./shared/react.js"}}';
    const html = `<head><script type="importmap">${map}</script><script type="module" crossorigin src="./assets/a.js"></script>
      <SCRIPT>\r\nconsole.log(1)\r\n</SCRIPT><script></script></head>`;
    expect(inlineScriptHashes(html)).toEqual([sha(map), sha('\nconsole.log(1)\n')]);
  });

  it('puts a page’s hashes in its script-src and nothing more', () => {
    const html = Buffer.from('<script type="importmap">{"imports":{}}</script><script type="module" src="x.js"></script>');
    const policy = directives(htmlContentSecurityPolicy(html, { connectSrc: ['ws://localhost:2'] }));
    expect(policy['script-src']).toBe(`'self' ${sha('{"imports":{}}')}`);
    expect(policy['script-src']).not.toContain('unsafe-inline');
    expect(policy['connect-src']).toBe("'self' ws://localhost:2");
  });
});
