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

export const COMMANDS: readonly DefineCommand[] = [defineConfig, defineGraph, defineVersion,
  defineUp, defineDown, defineLifecycle, definePs, defineLogs, defineExec, defineRun, definePull, defineImages, definePort, defineTop, defineStats, defineCreate, defineScale, defineLs,
  defineImage, definePush, defineLogin, defineNetwork,
];
