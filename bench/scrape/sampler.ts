/**
 * The memory of one process tree, read from /proc by a sampler process of its own, so that
 * sampling every 50 ms never stalls an event loop that drives browsers. The sampler is a child of
 * the bench, not of the measured process, so it is never in the sum.
 *
 * RSS is VmRSS (resident pages × 4 KiB), summed: pages shared between processes (Chromium's
 * binary, mapped by every renderer) count once per process, as `ps` and `top` show them. PSS (from
 * smaps_rollup, every 200 ms and on every request) splits shared pages between the processes that
 * map them: what the tree really occupies.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

const SAMPLER = `
const { readdirSync, readFileSync } = require('node:fs');
const root = Number(process.argv[1]);
const PAGE_SIZE = 4096;
function tree() {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync('/proc/' + entry + '/stat', 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {}
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) || []));
  return out;
}
const sum = (pids, read) => pids.reduce((total, pid) => { try { return total + read(pid); } catch { return total; } }, 0);
const rss = (pid) => Number(readFileSync('/proc/' + pid + '/statm', 'utf8').split(' ')[1]) * PAGE_SIZE;
const pss = (pid) => Number(/^Pss:\\s+(\\d+)/m.exec(readFileSync('/proc/' + pid + '/smaps_rollup', 'utf8'))[1]) * 1024;
let peakRss = 0, peakPss = 0, peakProcesses = 0, ticks = 0;
function sample(withPss) {
  const pids = tree();
  const now = { rss: sum(pids, rss), pss: 0, processes: pids.length };
  peakRss = Math.max(peakRss, now.rss);
  peakProcesses = Math.max(peakProcesses, now.processes);
  if (withPss || ticks++ % 4 === 0) peakPss = Math.max(peakPss, (now.pss = sum(pids, pss)));
  return now;
}
const timer = setInterval(sample, 50);
let buffer = '';
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let nl; (nl = buffer.indexOf('\\n')) >= 0; ) {
    const message = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    if (message === 'reset') { peakRss = 0; peakPss = 0; peakProcesses = 0; ticks = 0; }
    const now = sample(true);
    process.stdout.write(JSON.stringify({ ...now, peakRss, peakPss, peakProcesses }) + '\\n');
    if (message === 'stop') { clearInterval(timer); process.stdin.destroy(); }
  }
});
`;

export interface TreeMemory {
  /** The tree's RSS now, bytes. */
  rss: number;
  /** The tree's PSS now, bytes. */
  pss: number;
  processes: number;
  peakRss: number;
  peakPss: number;
  /** The most processes in the tree at once. */
  peakProcesses: number;
}

export class TreeSampler {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  /** Samples `root` and all its descendants, from now until `stop`. */
  constructor(root: number) {
    this.child = spawn(process.execPath, ['-e', SAMPLER, String(root)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** `reset` starts new peaks; every message answers with the figures now. */
  async ask(message: 'now' | 'reset' | 'stop'): Promise<TreeMemory> {
    this.child.stdin.write(`${message}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('the memory sampler ended');
    return JSON.parse(line.value) as TreeMemory;
  }

  async stop(): Promise<void> {
    await this.ask('stop').catch(() => undefined);
    this.child.kill();
  }
}
