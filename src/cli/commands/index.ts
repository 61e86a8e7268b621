/**
 * Every subcommand, one module per verb. Each module only declares its flags and
 * imports its implementation lazily inside the action.
 */
import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import { defineConfig } from './config.js';
import { defineGraph } from './graph.js';
import { defineVersion } from './version.js';

export type DefineCommand = (program: Command, globals: () => GlobalOptions) => void;

export const COMMANDS: readonly DefineCommand[] = [defineConfig, defineGraph, defineVersion];
