/**
 * Every subcommand, one module per verb. Each module only declares its flags and
 * imports its implementation lazily inside the action.
 */
import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import { defineConfig } from './config.js';
import { defineGraph } from './graph.js';
import { defineVersion } from './version.js';
import { defineUp } from './up.js';
import { defineDown } from './down.js';
import { defineLifecycle } from './lifecycle.js';
import { definePs } from './ps.js';
import { defineLogs } from './logs.js';
import { defineExec } from './exec.js';
import { defineRun } from './run.js';
import { definePull } from './pull.js';
import { defineImages } from './images.js';
import { definePort } from './port.js';
import { defineTop } from './top.js';
import { defineStats } from './stats.js';
import { defineCreate } from './create.js';
import { defineScale } from './scale.js';
import { defineLs } from './ls.js';
import { defineImage } from './image.js';
import { definePush } from './push.js';
import { defineLogin } from './login.js';
import { defineNetwork } from './network.js';

export type DefineCommand = (program: Command, globals: () => GlobalOptions) => void;

/** a module's define function and the verbs it declares (test/cli/commands/index.test.ts keeps them in step) */
export interface CommandGroup {
  readonly verbs: readonly string[];
  readonly define: DefineCommand;
}

export const COMMANDS: readonly CommandGroup[] = [
  { verbs: ['config'], define: defineConfig },
  { verbs: ['graph'], define: defineGraph },
  { verbs: ['version'], define: defineVersion },
  { verbs: ['up'], define: defineUp },
  { verbs: ['down'], define: defineDown },
  { verbs: ['stop', 'start', 'restart', 'kill', 'rm', 'pause', 'unpause'], define: defineLifecycle },
  { verbs: ['ps'], define: definePs },
  { verbs: ['logs'], define: defineLogs },
  { verbs: ['exec'], define: defineExec },
  { verbs: ['run'], define: defineRun },
  { verbs: ['pull'], define: definePull },
  { verbs: ['images'], define: defineImages },
  { verbs: ['port'], define: definePort },
  { verbs: ['top'], define: defineTop },
  { verbs: ['stats'], define: defineStats },
  { verbs: ['create'], define: defineCreate },
  { verbs: ['scale'], define: defineScale },
  { verbs: ['ls'], define: defineLs },
  { verbs: ['image'], define: defineImage },
  { verbs: ['push'], define: definePush },
  { verbs: ['login', 'logout'], define: defineLogin },
  { verbs: ['network'], define: defineNetwork },
];
