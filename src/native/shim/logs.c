/*
 * Container output to the log file in the CRI format: `<RFC3339Nano> <stream> <F|P> <text>`,
 * one record per line; P marks a partial line continued by the next record of the same stream.
 * Whatever was read is written at once (no buffering of partial lines in the shim's memory),
 * so a SIGKILLed shim loses nothing: unread bytes wait in the FIFO for the next shim.
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

int log_open(const char *dir) {
  char *p = path_join(dir, "log");
  int fd = open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  free(p);
  return fd;
}

static void write_all(int fd, const char *b, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, b, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    b += w;
    n -= (size_t)w;
  }
}

static void emit(int logfd, const char *stream, const char *data, size_t len) {
  char ts[48];
  format_time(now_ns(), ts, sizeof ts);
  size_t cap = len * 1 + 64 + (len / 16 + 1) * 64;
  char *out = malloc(cap);
  if (!out) return;
  size_t o = 0;
  const char *p = data, *end = data + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    size_t need = o + n + 64 + strlen(ts);
    if (need > cap) {
      cap = need * 2;
      char *g = realloc(out, cap);
      if (!g) break;
      out = g;
    }
    o += (size_t)snprintf(out + o, cap - o, "%s %s %c ", ts, stream, nl ? 'F' : 'P');
    memcpy(out + o, p, n);
    o += n;
    out[o++] = '\n';
    p += n + (nl ? 1 : 0);
  }
  write_all(logfd, out, o);
  free(out);
}

/* reads what is available (the FIFO is non-blocking); until_eof keeps reading until EAGAIN */
void log_drain(int logfd, struct log_stream *s, int until_eof) {
  static char buf[65536];
  for (;;) {
    ssize_t n = read(s->fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    emit(logfd, s->name, buf, (size_t)n);
    if (!until_eof && n < (ssize_t)sizeof buf) return;
  }
}
