// Placeholder with the agreed contract; the normalization stage replaces this file.
import type { Project } from '../../model/project.js';
import type { NormalizeInput } from './input.js';

export type { NormalizeInput } from './input.js';

export function normalizeProject(_input: NormalizeInput): Project {
  throw new Error('normalizeProject is not implemented yet');
}
