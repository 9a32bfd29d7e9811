import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventBus } from '../events/event-bus';
import { Router } from '../router/router';
import { startWebBridge, WS_PROTOCOL, WS_TOKEN_PREFIX, type WebBridge } from './web-bridge';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(bridge: WebBridge, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bridge.port, method: options.method ?? 'POST', path: options.path ?? '/rpc', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

let router: Router;
let events: EventBus;
let bridge: WebBridge;
let calls: number;
let staticDir: string;

beforeEach(async () => {
  calls = 0;
  router = new Router();
  events = new EventBus();
  router.add({
    module: 'core',
    method: 'POST',
    path: '/touch',
    handler: () => {
      calls += 1;
      return { calls };
    },
  });
  staticDir = mkdtempSync(join(tmpdir(), 'nxforge-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  bridge = await startWebBridge({ router, events, staticDir });
});

afterEach(async () => {
  await bridge.close();
  rmSync(staticDir, { recursive: true, force: true });
});

const touch = JSON.stringify({ module: 'core', method: 'POST', path: '/touch' });

describe('web bridge', () => {
  it('binds 127.0.0.1 and prints a tokened URL', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers 401 without a token or with a wrong one, and runs nothing', async () => {
    const none = await raw(bridge, { headers: { 'content-type': 'application/json', host: `127.0.0.1:${bridge.port}` }, body: touch });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wrong = await raw(bridge, { headers: { authorization: `Bearer ${bridge.token.slice(0, -1)}x` }, body: touch });
    expect(wrong.status).toBe(401);
    const notBearer = await raw(bridge, { headers: { authorization: bridge.token }, body: touch });
    expect(notBearer.status).toBe(401);
    expect(calls).toBe(0);

    const right = await raw(bridge, { headers: { authorization: `Bearer ${bridge.token}` }, body: touch });
    expect(right.status).toBe(200);
    expect(JSON.parse(right.body)).toEqual({ ok: true, data: { calls: 1 } });
  });

  it('refuses a foreign Origin and a foreign Host even with the token', async () => {
    const foreign = await raw(bridge, { headers: { authorization: `Bearer ${bridge.token}`, origin: 'http://evil.example' }, body: touch });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.message).toContain('http://evil.example');
    const otherPort = await raw(bridge, { headers: { authorization: `Bearer ${bridge.token}`, origin: 'http://127.0.0.1:1' }, body: touch });
    expect(otherPort.status).toBe(403);
    const rebound = await raw(bridge, { headers: { authorization: `Bearer ${bridge.token}`, host: `evil.example:${bridge.port}` }, body: touch });
    expect(rebound.status).toBe(403);
    expect(calls).toBe(0);
    const own = await raw(bridge, { headers: { authorization: `Bearer ${bridge.token}`, origin: bridge.origin }, body: touch });
    expect(own.status).toBe(200);
    expect(calls).toBe(1);
  });

  it('answers a malformed body with VALIDATION and a wrong method with 405', async () => {
    const auth = { authorization: `Bearer ${bridge.token}` };
    const bad = await raw(bridge, { headers: auth, body: '{"module":' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const get = await raw(bridge, { method: 'GET', headers: auth });
    expect(get.status).toBe(405);
    const unknown = await raw(bridge, { headers: auth, body: JSON.stringify({ module: 'core', method: 'GET', path: '/nope' }) });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('delivers events over the WebSocket to a client with the token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/events`, [WS_PROTOCOL, WS_TOKEN_PREFIX + bridge.token], { origin: bridge.origin });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const received = new Promise<unknown>((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))));
    events.publish('core:settings.changed', { key: 'timezone', value: 'Europe/Berlin' });
    expect(await received).toMatchObject({ topic: 'core:settings.changed', payload: { key: 'timezone', value: 'Europe/Berlin' } });
    ws.close();
  });

  it('refuses a WebSocket without the token or from a foreign Origin', async () => {
    const status = (protocols: string[], origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/events`, protocols, { origin });
        ws.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.once('open', () => resolve(101));
        ws.once('error', () => undefined);
      });
    expect(await status([WS_PROTOCOL], bridge.origin)).toBe(401);
    expect(await status([WS_PROTOCOL, `${WS_TOKEN_PREFIX}wrong`], bridge.origin)).toBe(401);
    expect(await status([WS_PROTOCOL, WS_TOKEN_PREFIX + bridge.token], 'http://evil.example')).toBe(403);
  });

  it('serves the app with a CSP and never a file outside its folder', async () => {
    const page = await raw(bridge, { method: 'GET', path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    const deepLink = await raw(bridge, { method: 'GET', path: '/system' });
    expect(deepLink.body).toContain('<title>app</title>');
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const escape = await raw(bridge, { method: 'GET', path });
      expect(escape.body).not.toContain('root:');
      expect(escape.body).not.toContain('"dependencies"');
    }
  });
});
