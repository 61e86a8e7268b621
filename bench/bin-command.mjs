// How the benches start a `compose` build: as a program, the way `compose` on PATH or npx
// runs it, so its first line decides how node starts (src/cli/launcher.cjs). An entry
// that is not executable (an unbundled main.js, say) runs through this node.
import { accessSync, constants } from 'node:fs';

/** [command, args] that run `entry` with `args` */
export function binCommand(entry, args) {
  try {
    accessSync(entry, constants.X_OK);
    return [entry, args];
  } catch {
    return [process.execPath, [entry, ...args]];
  }
}
