import { describe, expect, it } from 'vitest';
import { DisposerStack } from './disposers';

describe('DisposerStack', () => {
  it('disposes in reverse order, awaiting each', async () => {
    const stack = new DisposerStack();
    const order: string[] = [];
    stack.add(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('core');
    });
    stack.add(() => void order.push('protocol'));
    stack.add(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      order.push('ipc');
    });
    await stack.disposeAll();
    expect(order).toEqual(['ipc', 'protocol', 'core']);
    expect(stack.size).toBe(0);
  });

  it('keeps going past a failing disposer and reports it', async () => {
    const stack = new DisposerStack();
    const order: string[] = [];
    const errors: unknown[] = [];
    stack.add(() => void order.push('core'));
    stack.add(() => {
      throw new Error('boom');
    });
    stack.add(() => void order.push('window'));
    await stack.disposeAll((err) => errors.push(err));
    expect(order).toEqual(['window', 'core']);
    expect(errors).toHaveLength(1);
  });

  it('runs once however often it is called', async () => {
    const stack = new DisposerStack();
    let runs = 0;
    stack.add(() => void runs++);
    await Promise.all([stack.disposeAll(), stack.disposeAll()]);
    await stack.disposeAll();
    expect(runs).toBe(1);
  });

  it('stops at once what is added during shutdown', async () => {
    const stack = new DisposerStack();
    await stack.disposeAll();
    let stopped = false;
    stack.add(() => void (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(stopped).toBe(true);
  });
});
