/*
 * The container's root filesystem, built inside its own mount namespace so that every mount
 * vanishes with the container's last process: nothing to clean up on the host after a crash.
 * Order matters: the overlay first, then kernel filesystems, then the user's mounts (which may
 * cover /dev or /etc files), then sysctls (need a writable /proc/sys), then masks and read-only
 * paths, then pivot_root, and last the read-only remount of / for `read_only: true`.
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define FAIL(...)                                   \
  do {                                              \
    snprintf(err, errlen, __VA_ARGS__);             \
    return -1;                                      \
  } while (0)

struct flag_name {
  const char *name;
  unsigned long flag;
};
static const struct flag_name flag_names[] = {
    {"ro", MS_RDONLY},     {"nosuid", MS_NOSUID}, {"nodev", MS_NODEV},
    {"noexec", MS_NOEXEC}, {"bind", MS_BIND},     {"rbind", MS_BIND | MS_REC},
    {"relatime", MS_RELATIME}, {"strictatime", MS_STRICTATIME}, {"private", MS_PRIVATE},
};

static unsigned long parse_flags(const char *s, int *is_file) {
  unsigned long f = 0;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", s);
  for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
    if (!strcmp(tok, "file")) *is_file = 1;
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
      if (!strcmp(tok, flag_names[i].name)) f |= flag_names[i].flag;
  }
  return f;
}

static int ensure_target(const char *path, int is_file) {
  if (!is_file) return mkdir_p(path, 0755);
  char *slash = strrchr(path, '/');
  if (slash && slash != path) {
    *slash = 0;
    int r = mkdir_p(path, 0755);
    *slash = '/';
    if (r < 0) return -1;
  }
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 && errno != EISDIR) return -1;
  if (fd >= 0) close(fd);
  return 0;
}

static int do_mount(struct shim_config *c, char *rec, char *err, size_t errlen) {
  char *f[5] = {0};
  if (split_tabs(rec, f, 5) < 4) FAIL("bad mount record");
  const char *type = f[0], *src = f[1], *data = f[4] && *f[4] ? f[4] : NULL;
  int is_file = 0;
  unsigned long flags = parse_flags(f[3], &is_file);
  char *target = path_join(c->rootfs, f[2]);
  if (flags & MS_BIND) {
    struct stat st;
    if (stat(src, &st) == 0 && !S_ISDIR(st.st_mode)) is_file = 1;
  }
  if (ensure_target(target, is_file) < 0) FAIL("create mount point %s: %s", f[2], strerror(errno));
  unsigned long first = flags & MS_BIND ? flags & (MS_BIND | MS_REC) : flags & ~MS_PRIVATE;
  if (mount(src, target, type, first, data) < 0) FAIL("mount %s on %s: %s", src, f[2], strerror(errno));
  /* a bind mount ignores ro/nosuid/... until remounted */
  unsigned long rest = flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
  if ((flags & MS_BIND) && rest && mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | rest, NULL) < 0)
    FAIL("remount %s read-only: %s", f[2], strerror(errno));
  free(target);
  return 0;
}

static int make_device(struct shim_config *c, char *rec, char *err, size_t errlen) {
  char *f[8] = {0}; /* path kind major minor mode [uid gid [host path]] */
  if (split_tabs(rec, f, 8) < 5) FAIL("bad device record");
  char *path = path_join(c->rootfs, f[0]);
  mode_t mode = (mode_t)strtoul(f[4], NULL, 8) | (f[1][0] == 'b' ? S_IFBLK : S_IFCHR);
  dev_t dev = makedev(atoi(f[2]), atoi(f[3]));
  /* nested nodes such as /dev/net/tun need their directory in the fresh /dev tmpfs */
  char *slash = strrchr(path, '/');
  if (slash && slash != path) {
    *slash = 0;
    int r = mkdir_p(path, 0755);
    *slash = '/';
    if (r < 0) FAIL("create directory for device %s: %s", f[0], strerror(errno));
  }
  if (mknod(path, mode, dev) < 0 && errno != EEXIST) {
    /* where mknod is refused, bind the host's node instead, as rootless runtimes do */
    const char *host = f[7] && *f[7] ? f[7] : f[0];
    if (ensure_target(path, 1) < 0 || mount(host, path, NULL, MS_BIND, NULL) < 0)
      FAIL("create device %s: %s", f[0], strerror(errno));
  }
  chmod(path, mode & 07777);
  /* the host node's owner, as Docker gives it (e.g. group disk or kvm) */
  if (f[5] && f[6] && lchown(path, (uid_t)strtoul(f[5], NULL, 10), (gid_t)strtoul(f[6], NULL, 10)) < 0)
    FAIL("chown device %s: %s", f[0], strerror(errno));
  free(path);
  return 0;
}

static int set_sysctl(struct shim_config *c, char *rec, char *err, size_t errlen) {
  char *f[2] = {0};
  if (split_tabs(rec, f, 2) < 2) FAIL("bad sysctl record");
  char rel[512];
  snprintf(rel, sizeof rel, "proc/sys/%s", f[0]);
  for (char *p = rel + 9; *p; p++)
    if (*p == '.') *p = '/';
  char *path = path_join(c->rootfs, rel);
  if (write_file(path, f[1]) < 0) FAIL("sysctl %s: %s", f[0], strerror(errno));
  free(path);
  return 0;
}

static int mask_path(struct shim_config *c, const char *p, char *err, size_t errlen) {
  char *path = path_join(c->rootfs, p);
  struct stat st;
  int r = 0;
  if (stat(path, &st) == 0) {
    if (S_ISDIR(st.st_mode)) r = mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0");
    else r = mount("/dev/null", path, NULL, MS_BIND, NULL);
  }
  free(path);
  if (r < 0) FAIL("mask %s: %s", p, strerror(errno));
  return 0;
}

static int readonly_path(struct shim_config *c, const char *p, char *err, size_t errlen) {
  char *path = path_join(c->rootfs, p);
  int r = 0;
  if (access(path, F_OK) == 0) {
    r = mount(path, path, NULL, MS_BIND | MS_REC, NULL);
    if (r == 0) r = mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  }
  free(path);
  if (r < 0) FAIL("make %s read-only: %s", p, strerror(errno));
  return 0;
}

int setup_rootfs(struct shim_config *c, char *err, size_t errlen) {
  /* nothing mounted here may propagate back to the host */
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) FAIL("make / private: %s", strerror(errno));
  char opts[8192];
  if (c->upperdir)
    snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s,workdir=%s", c->lowerdir, c->upperdir, c->workdir);
  else
    snprintf(opts, sizeof opts, "lowerdir=%s", c->lowerdir);
  if (mkdir_p(c->rootfs, 0755) < 0) FAIL("create %s: %s", c->rootfs, strerror(errno));
  if (mount("overlay", c->rootfs, "overlay", 0, opts) < 0) FAIL("mount overlay on %s: %s", c->rootfs, strerror(errno));
  for (int i = 0; i < c->mounts.n; i++)
    if (do_mount(c, c->mounts.v[i], err, errlen) < 0) return -1;
  for (int i = 0; i < c->devices.n; i++)
    if (make_device(c, c->devices.v[i], err, errlen) < 0) return -1;
  for (int i = 0; i < c->symlinks.n; i++) {
    char *f[2] = {0};
    if (split_tabs(c->symlinks.v[i], f, 2) < 2) continue;
    char *link = path_join(c->rootfs, f[1]);
    if (symlink(f[0], link) < 0 && errno != EEXIST) FAIL("symlink %s: %s", f[1], strerror(errno));
    free(link);
  }
  for (int i = 0; i < c->sysctls.n; i++)
    if (set_sysctl(c, c->sysctls.v[i], err, errlen) < 0) return -1;
  for (int i = 0; i < c->masks.n; i++)
    if (mask_path(c, c->masks.v[i], err, errlen) < 0) return -1;
  for (int i = 0; i < c->ro_paths.n; i++)
    if (readonly_path(c, c->ro_paths.v[i], err, errlen) < 0) return -1;
  if (chdir(c->rootfs) < 0) FAIL("chdir %s: %s", c->rootfs, strerror(errno));
  if (syscall(SYS_pivot_root, ".", ".") < 0) FAIL("pivot_root: %s", strerror(errno));
  if (umount2(".", MNT_DETACH) < 0) FAIL("detach old root: %s", strerror(errno));
  if (chdir("/") < 0) FAIL("chdir /: %s", strerror(errno));
  if (c->rootfs_readonly && mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
    FAIL("remount / read-only: %s", strerror(errno));
  return 0;
}
