import { describe, expect, it } from 'vitest';
import type { AppEvent, RouteCall } from '../../shared/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { EventBus } from '../core/events/event-bus';
import { registerIpc, senderProblem, type IpcDeps, type SenderLike } from './ipc';

const WINDOW = { id: 7 };

function sender(url: string, options: { id?: number; parent?: unknown; frame?: 'gone' | 'throws' } = {}): SenderLike {
  const frame = { url, parent: options.parent ?? null };
  const event: SenderLike = { sender: { id: options.id ?? WINDOW.id }, senderFrame: frame };
  if (options.frame === 'gone') event.senderFrame = null;
  if (options.frame === 'throws') {
    Object.defineProperty(event, 'senderFrame', {
      get() {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    });
  }
  return event;
}

describe('senderProblem', () => {
  it('accepts the top frame of our window showing our origin', () => {
    expect(senderProblem(sender('app://nxforge/index.html#/system'), WINDOW)).toBeNull();
  });

  it.each([
    ['another window', sender('app://nxforge/index.html', { id: 8 }), 'not the app window'],
    ['a foreign page', sender('https://evil.example/'), 'not the app (https://evil.example)'],
    ['a file page', sender('file:///tmp/x.html'), 'not the app'],
    ['a look-alike host', sender('app://nxforge.evil/index.html'), 'not the app'],
    ['a subframe', sender('app://nxforge/frame.html', { parent: {} }), 'subframe'],
    ['a frame that is gone', sender('app://nxforge/index.html', { frame: 'gone' }), 'gone'],
    ['a disposed frame', sender('app://nxforge/index.html', { frame: 'throws' }), 'gone'],
  ])('refuses %s', (_name, event, reason) => {
    expect(senderProblem(event, WINDOW)).toContain(reason);
  });

  it('refuses everything while no window is open', () => {
    expect(senderProblem(sender('app://nxforge/index.html'), null)).toContain('not open');
  });
});

function harness(url = 'app://nxforge/index.html') {
  let handler: ((event: SenderLike, call: unknown) => Promise<Result<unknown>>) | null = null;
  const removed: string[] = [];
  const sent: { channel: string; event: AppEvent }[] = [];
  const warnings: string[] = [];
  const calls: RouteCall[] = [];
  const events = new EventBus();
  const contents = {
    id: WINDOW.id,
    destroyed: false,
    url,
    isDestroyed() {
      return this.destroyed;
    },
    getURL() {
      return this.url;
    },
    send(channel: string, event: AppEvent) {
      if (event.topic === 'test:uncloneable') throw new Error('An object could not be cloned.');
      sent.push({ channel, event });
    },
  };
  const deps = {
    ipcMain: {
      handle: (channel: string, fn: typeof handler) => {
        expect(channel).toBe(IPC_INVOKE_CHANNEL);
        handler = fn;
      },
      removeHandler: (channel: string) => removed.push(channel),
    },
    router: {
      call: async (call: RouteCall): Promise<Result<unknown>> => {
        calls.push(call);
        return { ok: true, data: { echoed: call.path } };
      },
    },
    events,
    webContents: () => contents,
    log: { warn: (message: string) => warnings.push(message) },
  } as unknown as IpcDeps;
  const dispose = registerIpc(deps);
  const invoke = (event: SenderLike, call: unknown): Promise<Result<unknown>> => {
    if (!handler) throw new Error('no handler registered');
    return handler(event, call);
  };
  return { invoke, dispose, removed, sent, warnings, calls, events, contents };
}

describe('registerIpc', () => {
  it('passes calls from our page to the router', async () => {
    const h = harness();
    const result = await h.invoke(sender('app://nxforge/index.html'), { module: 'core', method: 'GET', path: '/info' });
    expect(result).toEqual({ ok: true, data: { echoed: '/info' } });
    expect(h.calls).toHaveLength(1);
  });

  it('answers FORBIDDEN to any other sender, logs it, and runs nothing', async () => {
    const h = harness();
    const result = await h.invoke(sender('https://evil.example/'), { module: 'core', method: 'PUT', path: '/settings/timezone' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(h.calls).toHaveLength(0);
    expect(h.warnings).toEqual([expect.stringContaining('Refused an IPC call')]);

    const other = await h.invoke(sender('app://nxforge/index.html', { id: 99 }), { module: 'core', method: 'GET', path: '/info' });
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(h.calls).toHaveLength(0);
  });

  it('refuses calls once the window is destroyed', async () => {
    const h = harness();
    h.contents.destroyed = true;
    const result = await h.invoke(sender('app://nxforge/index.html'), { module: 'core', method: 'GET', path: '/info' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('forwards every core event to the window on the event channel', () => {
    const h = harness();
    h.events.publish('core:settings.changed', { key: 'timezone', value: 'UTC' });
    h.events.publish('consumption-monitor:reading', { kwh: 1 });
    expect(h.sent.map((s) => s.channel)).toEqual([IPC_EVENT_CHANNEL, IPC_EVENT_CHANNEL]);
    expect(h.sent.map((s) => s.event.topic)).toEqual(['core:settings.changed', 'consumption-monitor:reading']);
    expect(h.sent[0]?.event.payload).toEqual({ key: 'timezone', value: 'UTC' });
  });

  it('sends no events to a window that shows another page', () => {
    const h = harness('https://evil.example/');
    h.events.publish('core:settings.changed', {});
    expect(h.sent).toHaveLength(0);
  });

  it('survives an event that cannot be cloned', () => {
    const h = harness();
    h.events.publish('test:uncloneable', {});
    h.events.publish('core:after', {});
    expect(h.sent.map((s) => s.event.topic)).toEqual(['core:after']);
    expect(h.warnings).toEqual([expect.stringContaining('test:uncloneable')]);
  });

  it('disposes: removes the handler and stops forwarding events', () => {
    const h = harness();
    void h.dispose();
    expect(h.removed).toEqual([IPC_INVOKE_CHANNEL]);
    expect(h.events.size).toBe(0);
    h.events.publish('core:settings.changed', {});
    expect(h.sent).toHaveLength(0);
  });
});
