#!/usr/bin/env node
// Writes ajv's standalone validator for schemas/compose.schema.json into dist/, so that
// `compose` does not load ajv's compiler or compile the schema at start-up.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = new URL('../', import.meta.url);
const outDir = new URL('dist/src/parser/validate/', root);
if (!existsSync(outDir)) process.exit(0);
const schema = JSON.parse(readFileSync(new URL('schemas/compose.schema.json', root), 'utf8'));
// keep in step with AJV_OPTIONS in src/parser/validate/compiled.ts
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, inlineRefs: false, code: { source: true } });
const validate = ajv.compile(schema);
writeFileSync(new URL('compose-validator.cjs', outDir), standaloneCode(ajv, validate));
