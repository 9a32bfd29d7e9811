import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppEvent, NxforgeBridge } from '../../shared/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract';

// The preload runs against fakes of contextBridge and ipcRenderer: what it exposes, and what it sends.
const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>(),
  invoked: [] as { channel: string; args: unknown[] }[],
  answer: null as null | ((args: unknown[]) => Promise<unknown>),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api),
  },
  ipcRenderer: {
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      fake.listeners.set(channel, [...(fake.listeners.get(channel) ?? []), listener]);
    },
    invoke: (channel: string, ...args: unknown[]) => {
      fake.invoked.push({ channel, args });
      return fake.answer ? fake.answer(args) : Promise.resolve({ ok: true, data: null });
    },
  },
}));

let bridge: NxforgeBridge;
const ipcEvent = { sender: { secret: 'ipcRenderer' }, ports: [] };
const push = (event: unknown): void => {
  for (const listener of fake.listeners.get(IPC_EVENT_CHANNEL) ?? []) listener(ipcEvent, event);
};
const appEvent = (topic: string, payload: unknown = {}): AppEvent => ({ topic, payload, at: '2025-01-01T00:00:00.000Z' });

beforeAll(async () => {
  await import('../../preload/index');
  bridge = fake.exposed.get('nxforge') as NxforgeBridge;
});

describe('preload bridge', () => {
  it('exposes window.nxforge with invoke and on, and nothing else', () => {
    expect([...fake.exposed.keys()]).toEqual(['nxforge']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.on).toBe('function');
    expect(JSON.stringify(Object.values(bridge))).not.toContain('ipcRenderer');
  });

  it('listens on the event channel once', () => {
    expect([...fake.listeners.keys()]).toEqual([IPC_EVENT_CHANNEL]);
    expect(fake.listeners.get(IPC_EVENT_CHANNEL)).toHaveLength(1);
  });

  it('invokes the one invoke channel with only the route call fields', async () => {
    fake.invoked.length = 0;
    fake.answer = async () => ({ ok: true, data: { appName: 'NxForge Desktop' } });
    const call = { module: 'core', method: 'GET', path: '/info', query: { a: 'b' }, extra: () => 1 } as unknown as Parameters<
      NxforgeBridge['invoke']
    >[0];
    await expect(bridge.invoke(call)).resolves.toEqual({ ok: true, data: { appName: 'NxForge Desktop' } });
    expect(fake.invoked).toEqual([
      { channel: IPC_INVOKE_CHANNEL, args: [{ module: 'core', method: 'GET', path: '/info', query: { a: 'b' }, body: undefined }] },
    ]);
    fake.answer = null;
  });

  it.each([
    [null, 'route call object'],
    ['core GET /info', 'route call object'],
    [{ module: '', method: 'GET', path: '/info' }, 'module'],
    [{ module: 'core', method: 'FETCH', path: '/info' }, 'method'],
    [{ module: 'core', method: 'GET', path: 'info' }, 'path'],
    [{ module: 'core', method: 'GET', path: '/info', query: 'a=b' }, 'query'],
  ])('answers VALIDATION without sending for %j', async (call, field) => {
    fake.invoked.length = 0;
    const result = await bridge.invoke(call as unknown as Parameters<NxforgeBridge['invoke']>[0]);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(result.ok ? '' : result.error.message).toContain(field);
    expect(fake.invoked).toHaveLength(0);
  });

  it('turns a failed IPC call into an INTERNAL envelope instead of a throw', async () => {
    fake.answer = () => Promise.reject(new Error("No handler registered for 'nxforge:invoke'"));
    const result = await bridge.invoke({ module: 'core', method: 'GET', path: '/info' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    fake.answer = null;
  });

  it('dispatches pushed events by topic, without the IPC event object', () => {
    const core: AppEvent[] = [];
    const all: unknown[][] = [];
    const offCore = bridge.on('core:*', (event) => core.push(event));
    const offAll = bridge.on('*', (...args: unknown[]) => all.push(args));
    push(appEvent('core:settings.changed', { key: 'timezone' }));
    push(appEvent('consumption-monitor:reading'));
    expect(core.map((e) => e.topic)).toEqual(['core:settings.changed']);
    expect(core[0]).toEqual(appEvent('core:settings.changed', { key: 'timezone' }));
    expect(all).toHaveLength(2);
    for (const args of all) {
      expect(args).toHaveLength(1);
      expect(JSON.stringify(args)).not.toContain('ipcRenderer');
    }
    offCore();
    offAll();
  });

  it('on returns an unsubscribe that stops delivery', () => {
    const seen: string[] = [];
    const off = bridge.on('core:settings.changed', (event) => seen.push(event.topic));
    push(appEvent('core:settings.changed'));
    off();
    off();
    push(appEvent('core:settings.changed'));
    expect(seen).toEqual(['core:settings.changed']);
  });

  it('keeps delivering when a handler throws, and ignores malformed pushes', () => {
    const seen: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const offBad = bridge.on('core:*', () => {
      throw new Error('handler bug');
    });
    const offGood = bridge.on('core:*', (event) => seen.push(event.topic));
    push(appEvent('core:job.finished'));
    push(null);
    push({ payload: 1 });
    expect(seen).toEqual(['core:job.finished']);
    expect(error).toHaveBeenCalledTimes(1);
    offBad();
    offGood();
    error.mockRestore();
  });

  it('rejects bad arguments to on', () => {
    expect(() => bridge.on('', () => undefined)).toThrow(TypeError);
    expect(() => bridge.on(42 as unknown as string, () => undefined)).toThrow(TypeError);
    expect(() => bridge.on('core:*', 'nope' as unknown as () => void)).toThrow(TypeError);
  });
});
