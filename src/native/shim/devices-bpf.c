/*
 * `berth-shim devices <cgroup-dir> [RULE]...`: the devices policy on cgroup v2, which has no
 * devices.allow file. Builds an eBPF program (BPF_PROG_TYPE_CGROUP_DEVICE) that allows a
 * device access when one RULE matches and denies everything else, and attaches it to the
 * cgroup. RULE is the v1 syntax ("c 10:229 rwm", "b *:* m", or "a" for all), so one policy
 * text serves both versions. The attachment lives as long as the cgroup does, so this runs
 * once at create; attaching again (start re-creates the cgroup) replaces the program.
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define INSN(c, d, s, o, i) ((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i)})
#define LDX_W(d, s, o) INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define ALU_IMM(op, d, i) INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define MOV_REG(d, s) INSN(BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0)
#define JNE_IMM(d, i, o) INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define MOV_IMM(d, i) INSN(BPF_ALU | BPF_MOV | BPF_K, d, 0, 0, i)
#define EXIT INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

struct dev_rule {
  int type; /* BPF_DEVCG_DEV_CHAR / _BLOCK, 0 for any */
  int major, minor; /* -1 for any */
  int access; /* BPF_DEVCG_ACC_* bits */
};

static int parse_number(const char *s, int *out) {
  if (!strcmp(s, "*")) return *out = -1, 0;
  char *end;
  long v = strtol(s, &end, 10);
  if (*end || v < 0) return -1;
  *out = (int)v;
  return 0;
}

static int parse_dev_rule(const char *text, struct dev_rule *r) {
  if (!strcmp(text, "a")) {
    *r = (struct dev_rule){0, -1, -1, BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE};
    return 0;
  }
  char kind, nums[64], acc[8];
  if (sscanf(text, "%c %63s %7s", &kind, nums, acc) != 3 || (kind != 'c' && kind != 'b')) return -1;
  r->type = kind == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK;
  char *colon = strchr(nums, ':');
  if (!colon) return -1;
  *colon = 0;
  if (parse_number(nums, &r->major) < 0 || parse_number(colon + 1, &r->minor) < 0) return -1;
  r->access = 0;
  for (char *a = acc; *a; a++) {
    if (*a == 'r') r->access |= BPF_DEVCG_ACC_READ;
    else if (*a == 'w') r->access |= BPF_DEVCG_ACC_WRITE;
    else if (*a == 'm') r->access |= BPF_DEVCG_ACC_MKNOD;
    else return -1;
  }
  return 0;
}

/*
 * r2 = device type, r3 = requested access, r4 = major, r5 = minor; then per rule a block that
 * jumps to its end on any mismatch and otherwise returns 1; after the last block, return 0.
 */
static int build_program(const struct dev_rule *rules, int n, struct bpf_insn *out, int max) {
  int len = 0;
#define PUT(x) do { if (len >= max) return -1; out[len++] = (x); } while (0)
  PUT(LDX_W(BPF_REG_2, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, access_type)));
  PUT(ALU_IMM(BPF_AND, BPF_REG_2, 0xffff));
  PUT(LDX_W(BPF_REG_3, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, access_type)));
  PUT(ALU_IMM(BPF_RSH, BPF_REG_3, 16));
  PUT(LDX_W(BPF_REG_4, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, major)));
  PUT(LDX_W(BPF_REG_5, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, minor)));
  for (int i = 0; i < n; i++) {
    const struct dev_rule *r = &rules[i];
    int start = len;
    int all = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;
    /* jumps are written with off = -1 and pointed at the block's end below */
    if (r->type) PUT(JNE_IMM(BPF_REG_2, r->type, -1));
    if ((r->access & all) != all) {
      /* every requested access bit must be in the rule */
      PUT(MOV_REG(BPF_REG_1, BPF_REG_3));
      PUT(ALU_IMM(BPF_AND, BPF_REG_1, ~r->access & all));
      PUT(JNE_IMM(BPF_REG_1, 0, -1));
    }
    if (r->major >= 0) PUT(JNE_IMM(BPF_REG_4, r->major, -1));
    if (r->minor >= 0) PUT(JNE_IMM(BPF_REG_5, r->minor, -1));
    PUT(MOV_IMM(BPF_REG_0, 1));
    PUT(EXIT);
    for (int j = start; j < len; j++)
      if (out[j].code == (BPF_JMP | BPF_JNE | BPF_K) && out[j].off == -1) out[j].off = (short)(len - j - 1);
  }
  PUT(MOV_IMM(BPF_REG_0, 0));
  PUT(EXIT);
#undef PUT
  return len;
}

static long bpf(int cmd, union bpf_attr *attr) { return syscall(SYS_bpf, cmd, attr, sizeof *attr); }

int devices_main(int argc, char **argv) {
  if (argc < 3) die("usage: berth-shim devices <cgroup-dir> [RULE]...");
  int n = argc - 3;
  struct dev_rule *rules = calloc((size_t)n + 1, sizeof *rules);
  if (!rules) die("out of memory");
  for (int i = 0; i < n; i++)
    if (parse_dev_rule(argv[3 + i], &rules[i]) < 0) die("devices: bad rule %s", argv[3 + i]);
  static struct bpf_insn insns[4096];
  int len = build_program(rules, n, insns, 4096);
  if (len < 0) die("devices: too many rules (%d)", n);
  static char log[65536];
  union bpf_attr load;
  memset(&load, 0, sizeof load);
  load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  load.insns = (unsigned long)insns;
  load.insn_cnt = (unsigned)len;
  load.license = (unsigned long)"Apache";
  load.log_buf = (unsigned long)log;
  load.log_size = sizeof log;
  load.log_level = 1;
  int prog = (int)bpf(BPF_PROG_LOAD, &load);
  if (prog < 0) die("devices: load the device filter: %s\n%s", strerror(errno), log);
  int cg = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cg < 0) die("devices: open %s: %s", argv[2], strerror(errno));
  union bpf_attr attach;
  memset(&attach, 0, sizeof attach);
  attach.target_fd = (unsigned)cg;
  attach.attach_bpf_fd = (unsigned)prog;
  attach.attach_type = BPF_CGROUP_DEVICE;
  attach.attach_flags = 0; /* single program: attaching again replaces it */
  if (bpf(BPF_PROG_ATTACH, &attach) < 0) die("devices: attach the device filter to %s: %s", argv[2], strerror(errno));
  return 0;
}
