/** `top`: the container's processes from its cgroup, described from /proc like ps -ef. */
import { readFileSync } from 'node:fs';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function topOf(pids: readonly number[]): { titles: string[]; processes: string[][] } {
  const processes = pids.flatMap((pid) => {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) return [];
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const uid = /^Uid:\s+(\d+)/m.exec(read(`/proc/${pid}/status`))?.[1] ?? '?';
    const cmd = read(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ');
    return [[uid, String(pid), fields[1] ?? '?', cmd || `[${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}]`]];
  });
  return { titles: ['UID', 'PID', 'PPID', 'CMD'], processes };
}
