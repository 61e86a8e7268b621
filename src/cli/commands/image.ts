import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

// `compose image ...` manages the native backend's image store (the state root's images/).
export function defineImage(program: Command, globals: () => GlobalOptions): void {
  const image = program.command('image').description('Manage the native image store');
  image
    .command('ls')
    .alias('list')
    .description('List images in the store')
    .option('-q, --quiet', 'only display image IDs')
    .option('--digests', 'show digests')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { quiet?: boolean; digests?: boolean; format?: string }) => {
      const { runImageLs } = await import('../actions/image.js');
      await runImageLs(globals(), opts);
    });
  image
    .command('rm')
    .alias('remove')
    .description('Remove images (untag; delete once no name is left)')
    .argument('<images...>', 'references or image IDs')
    .option('-f, --force', 'remove an image ID with several names')
    .action(async (names: string[], opts: { force?: boolean }) => {
      const { runImageRm } = await import('../actions/image.js');
      await runImageRm(globals(), names, opts);
    });
  image
    .command('prune')
    .description('Remove unused blobs and layers (and with --all, every image)')
    .option('-a, --all', 'remove all images, not only unreferenced data')
    .option('-f, --force', 'do not prompt (accepted for compatibility)')
    .action(async (opts: { all?: boolean }) => {
      const { runImagePrune } = await import('../actions/image.js');
      await runImagePrune(globals(), opts);
    });
  image
    .command('import')
    .description('Import a docker save archive, an OCI layout (directory or tar), or a rootfs tarball')
    .argument('<source>', 'file or directory')
    .argument('[name]', 'NAME[:TAG] (required for a rootfs tarball)')
    .option('-c, --change <instruction>', 'for rootfs tarballs: CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE, LABEL, STOPSIGNAL', (v: string, p: string[] = []) => [...p, v])
    .action(async (source: string, name: string | undefined, opts: { change?: string[] }) => {
      const { runImageImport } = await import('../actions/image.js');
      await runImageImport(globals(), source, name, opts);
    });
  image
    .command('pull')
    .description('Pull an image into the store')
    .argument('<reference>', 'image reference')
    .option('--platform <platform>', 'os/arch[/variant] (default: this host)')
    .option('-q, --quiet', 'print only the image ID')
    .action(async (ref: string, opts: { platform?: string; quiet?: boolean }) => {
      const { runImagePull } = await import('../actions/image.js');
      await runImagePull(globals(), ref, opts);
    });
  image
    .command('tag')
    .description('Give a stored image another name')
    .argument('<source>', 'reference or image ID')
    .argument('<target>', 'new reference')
    .action(async (source: string, target: string) => {
      const { runImageTag } = await import('../actions/image.js');
      await runImageTag(globals(), source, target);
    });
}
