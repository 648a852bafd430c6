import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * Keeps the load generator and the servers it measures off each other's core. On 2 cores,
 * autocannon (in the bench process) and a server otherwise take turns on both, and the rates of
 * one server move by 3× between rounds. With taskset (util-linux) and ≥ 2 cores: this process on
 * core 0, servers on the others. BENCH_PIN=0 turns it off; without taskset it is off, said once.
 */
export class CpuPinning {
  readonly enabled: boolean;
  readonly serverCores: string;

  /** `wanted` false: a run whose servers need every core (several API processes at once). */
  constructor(wanted = true) {
    const count = cpus().length;
    this.serverCores = count > 2 ? `1-${count - 1}` : '1';
    this.enabled = wanted && process.env.BENCH_PIN !== '0' && count >= 2 && hasTaskset();
    if (this.enabled) {
      execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
      process.stdout.write(`pinned: load generator on core 0, servers on core(s) ${this.serverCores}\n`);
    } else process.stdout.write('not pinned (not wanted, BENCH_PIN=0, one core, or no taskset): rates vary more\n');
  }

  /** The command and arguments that run `node args…` on the servers' cores. */
  command(args: string[]): [string, string[]] {
    return this.enabled ? ['taskset', ['-c', this.serverCores, process.execPath, ...args]] : [process.execPath, args];
  }
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
