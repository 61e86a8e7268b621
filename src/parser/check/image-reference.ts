/**
 * Image references as the distribution grammar defines them:
 * `[registry[:port]/]path[:tag][@algorithm:hex]`, path components lowercase.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export const IMAGE_REFERENCE_FORM = 'expected [registry/]name[:tag][@digest], name in lowercase';

export function isValidImageReference(ref: string): boolean {
  const m = REFERENCE.exec(ref);
  if (!m) return false;
  // the path (with its registry) is limited to 255 characters
  const name = m[1] ? `${m[1]}/${m[2]}` : m[2]!;
  return name.length <= 255;
}
