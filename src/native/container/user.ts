/**
 * `user:` resolved inside the image as Docker does: "name", "uid", "name:group", "uid:gid";
 * names are looked up in the image's /etc/passwd and /etc/group (the topmost layer that has
 * the file wins). A numeric uid missing from passwd is fine; a missing name is an error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../../errors.js';

export interface ResolvedUser {
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
  readonly home: string;
}

export function readImageFile(layerDirs: readonly string[], path: string): string | undefined {
  for (let i = layerDirs.length - 1; i >= 0; i--) {
    try {
      return readFileSync(join(layerDirs[i]!, path), 'utf8');
    } catch {
      // not in this layer
    }
  }
  return undefined;
}

type Row = readonly string[];
const rows = (text: string | undefined): Row[] =>
  (text ?? '').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));

export function resolveUser(
  user: string,
  groupAdd: readonly string[],
  files: { passwd?: string; group?: string },
): ResolvedUser {
  const passwd = rows(files.passwd);
  const group = rows(files.group);
  const [u = '', g] = user.split(':', 2);
  const isNum = (s: string) => /^\d+$/.test(s);
  let uid = 0;
  let gid = 0;
  let home = '/';
  let name: string | undefined = 'root';
  if (u !== '') {
    const row = passwd.find((r) => (isNum(u) ? r[2] === u : r[0] === u));
    if (!row && !isNum(u)) throw new RuntimeError(`user ${u}: no matching entry in the image's /etc/passwd`);
    uid = isNum(u) ? Number(u) : Number(row![2]);
    gid = row ? Number(row[3]) : 0;
    home = row?.[5] || '/';
    name = row?.[0];
  } else {
    const row = passwd.find((r) => r[2] === '0');
    home = row?.[5] || '/root';
  }
  const lookupGroup = (s: string): number => {
    if (isNum(s)) return Number(s);
    const row = group.find((r) => r[0] === s);
    if (!row) throw new RuntimeError(`group ${s}: no matching entry in the image's /etc/group`);
    return Number(row[2]);
  };
  if (g !== undefined && g !== '') gid = lookupGroup(g);
  // supplementary groups: the user's memberships in /etc/group, then group_add
  const groups = new Set<number>();
  if (name && (g === undefined || g === '')) {
    for (const r of group) if ((r[3] ?? '').split(',').includes(name)) groups.add(Number(r[2]));
  }
  for (const s of groupAdd) groups.add(lookupGroup(s));
  groups.delete(gid);
  return { uid, gid, groups: [gid, ...groups], home };
}
