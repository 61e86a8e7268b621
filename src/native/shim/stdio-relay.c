/*
 * Terminals and stdin. With `tty: true` the container's init (PID 1, which outlives any shim)
 * holds the pty master and copies the terminal's output into the stdout FIFO, so logs survive
 * a SIGKILLed shim exactly as without a terminal. Input comes from clients of the attach socket
 * (`run`, attach) as frames (see stdio-relay.h); `exec -t` uses the same loop with its fd 0 as
 * the only client and its fd 1 as the output.
 */
#include "stdio-relay.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void set_nonblock(int fd) {
  if (fd >= 0) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* field by field, not memset: the buffers (about 640 KB) stay untouched, so cost no memory,
 * in every container that never uses them */
void relay_init(struct relay *r) {
  r->master = r->in_w = r->out_fd = r->listen_fd = -1;
  r->accept_input = r->once = r->in_close = 0;
  r->in_len = r->in_off = r->out_len = r->out_off = 0;
  for (int i = 0; i < RELAY_CLIENTS; i++) {
    struct relay_client *c = &r->clients[i];
    c->rfd = c->wfd = -1;
    c->len = 0;
    c->eof = 0;
  }
}

int pty_open(char *slave, size_t len, char *err, size_t errlen) {
  int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (m < 0 || unlockpt(m) < 0 || ptsname_r(m, slave, len) != 0) {
    snprintf(err, errlen, "allocate a terminal from /dev/ptmx: %s", strerror(errno));
    if (m >= 0) close(m);
    return -1;
  }
  return m;
}

int pty_become_session(const char *slave, uid_t owner) {
  setsid();
  int fd = open(slave, O_RDWR);
  if (fd < 0) return -1;
  if (ioctl(fd, TIOCSCTTY, 0) < 0) return -1;
  /* the process may drop to another user and still reopen its terminal (/dev/tty, `tty`) */
  (void)!fchown(fd, owner, (gid_t)-1);
  for (int i = 0; i < 3; i++) dup2(fd, i);
  if (fd > 2) close(fd);
  return 0;
}

int attach_listen(const char *dir, char *err, size_t errlen) {
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  strcpy(a.sun_path, "attach.sock");
  int ok = s >= 0 && chdir(dir) == 0;
  /* a previous incarnation's socket is dead: its listener was the previous init */
  if (ok) unlink(a.sun_path);
  ok = ok && bind(s, (struct sockaddr *)&a, sizeof a) == 0 && chmod(a.sun_path, 0600) == 0 && listen(s, RELAY_CLIENTS) == 0;
  int saved = errno;
  if (here >= 0) {
    (void)!fchdir(here);
    close(here);
  }
  if (!ok) {
    snprintf(err, errlen, "attach socket in %s: %s", dir, strerror(saved));
    if (s >= 0) close(s);
    return -1;
  }
  return s;
}

int relay_add_client(struct relay *r, int rfd, int wfd) {
  for (int i = 0; i < RELAY_CLIENTS; i++) {
    struct relay_client *c = &r->clients[i];
    if (c->rfd >= 0) continue;
    c->rfd = rfd;
    c->wfd = wfd;
    c->len = 0;
    c->eof = 0;
    set_nonblock(rfd);
    return 0;
  }
  return -1;
}

static void close_client(struct relay *r, struct relay_client *c) {
  close(c->rfd);
  if (c->wfd >= 0 && c->wfd != c->rfd) close(c->wfd);
  c->rfd = c->wfd = -1;
  c->len = 0;
  if (r->once && r->accept_input) r->in_close = 1;
}

static int input_target(struct relay *r) {
  return r->master >= 0 ? r->master : r->in_w;
}

/* takes whole frames out of a client's buffer while their data fits the input buffer */
static void parse_frames(struct relay *r, struct relay_client *c) {
  size_t o = 0;
  while (c->len - o >= 3) {
    unsigned char type = c->buf[o];
    size_t n = (size_t)c->buf[o + 1] << 8 | c->buf[o + 2];
    if (c->len - o < 3 + n) break;
    const unsigned char *p = c->buf + o + 3;
    if (type == 'd' && r->accept_input && !r->in_close && input_target(r) >= 0) {
      if (r->in_len + n > sizeof r->in_buf) break; /* the rest waits until the process reads */
      memcpy(r->in_buf + r->in_len, p, n);
      r->in_len += n;
    } else if (type == 'w' && n >= 4 && r->master >= 0) {
      struct winsize ws = {.ws_row = (unsigned short)(p[0] << 8 | p[1]), .ws_col = (unsigned short)(p[2] << 8 | p[3])};
      ioctl(r->master, TIOCSWINSZ, &ws); /* the kernel sends SIGWINCH to the foreground group */
    } else if (type == 'c' && r->once) {
      r->in_close = 1;
    }
    o += 3 + n;
  }
  memmove(c->buf, c->buf + o, c->len - o);
  c->len -= o;
}

static void read_client(struct relay *r, struct relay_client *c) {
  ssize_t n = read(c->rfd, c->buf + c->len, sizeof c->buf - c->len);
  if (n > 0) {
    c->len += (size_t)n;
    parse_frames(r, c);
  } else if (n == 0 && c->wfd >= 0 && r->master >= 0) {
    /* half-closed: its input ended, but it still reads the output */
    c->eof = 1;
    if (r->once && r->accept_input) r->in_close = 1;
  } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
    close_client(r, c);
  }
}

void relay_accept_pending(struct relay *r) {
  if (r->listen_fd < 0) return;
  int fd;
  while ((fd = accept4(r->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
    if (relay_add_client(r, fd, fd) < 0) {
      close(fd);
      continue;
    }
  }
  for (int i = 0; i < RELAY_CLIENTS; i++)
    if (r->clients[i].rfd >= 0) read_client(r, &r->clients[i]);
}

static void flush_input(struct relay *r) {
  int t = input_target(r);
  while (t >= 0 && r->in_off < r->in_len) {
    ssize_t w = write(t, r->in_buf + r->in_off, r->in_len - r->in_off);
    if (w > 0) r->in_off += (size_t)w;
    else if (w < 0 && errno == EINTR) continue;
    else if (w < 0 && errno == EAGAIN) return;
    else r->in_off = r->in_len; /* the process closed its stdin: what it did not read is lost */
  }
  r->in_len = r->in_off = 0;
  if (!r->in_close) return;
  /* without a terminal the process sees EOF; a terminal stays (Docker leaves it open too) */
  if (r->in_w >= 0) close(r->in_w);
  r->in_w = -1;
  r->accept_input = 0;
  r->in_close = 0;
}

/* clients read at their own pace; one stuck for 2s is dropped rather than stalling the container */
static int send_all(int fd, const unsigned char *b, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, b, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) {
      b += w;
      n -= (size_t)w;
    } else if (w < 0 && errno == EINTR) {
      continue;
    } else if (w < 0 && errno == EAGAIN) {
      struct pollfd p = {fd, POLLOUT, 0};
      if (poll(&p, 1, 2000) <= 0) return -1;
    } else {
      return -1;
    }
  }
  return 0;
}

static void flush_output(struct relay *r, int wait) {
  while (r->out_off < r->out_len) {
    ssize_t w = write(r->out_fd, r->out_buf + r->out_off, r->out_len - r->out_off);
    if (w > 0) {
      r->out_off += (size_t)w;
    } else if (w < 0 && errno == EAGAIN && wait) {
      struct pollfd p = {r->out_fd, POLLOUT, 0};
      poll(&p, 1, -1);
    } else if (w < 0 && (errno == EINTR || errno == EAGAIN)) {
      if (errno == EAGAIN) return;
    } else {
      r->out_off = r->out_len; /* nobody can read it any more */
    }
  }
  r->out_len = r->out_off = 0;
}

/* returns 0 once the terminal has no writer left (EIO) */
static int read_master(struct relay *r) {
  ssize_t n = read(r->master, r->out_buf, sizeof r->out_buf);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return 1;
  if (n <= 0) return 0;
  for (int i = 0; i < RELAY_CLIENTS; i++) {
    struct relay_client *c = &r->clients[i];
    if (c->rfd >= 0 && c->wfd >= 0 && send_all(c->wfd, r->out_buf, (size_t)n) < 0) close_client(r, c);
  }
  r->out_len = (size_t)n;
  r->out_off = 0;
  flush_output(r, 0);
  return 1;
}

static int on_signals(int sfd, pid_t main_pid, int *code) {
  struct signalfd_siginfo si;
  while (read(sfd, &si, sizeof si) == sizeof si) {
    if (si.ssi_signo == SIGPIPE) continue; /* our own writes, never meant for the process */
    if (si.ssi_signo != SIGCHLD) {
      kill(main_pid, (int)si.ssi_signo);
      continue;
    }
    int status;
    pid_t p;
    while ((p = waitpid(-1, &status, WNOHANG)) > 0)
      if (p == main_pid) *code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  return *code;
}

int relay_run(struct relay *r, pid_t main_pid) {
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, NULL);
  int sfd = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
  set_nonblock(r->master);
  set_nonblock(r->in_w);
  set_nonblock(r->out_fd);
  int code = -1, master_open = r->master >= 0;
  while (code < 0) {
    for (int i = 0; i < RELAY_CLIENTS; i++)
      if (r->clients[i].rfd >= 0) parse_frames(r, &r->clients[i]);
    flush_input(r);
    struct pollfd p[4 + RELAY_CLIENTS];
    int t = input_target(r), in_pending = r->in_off < r->in_len, out_pending = r->out_off < r->out_len;
    p[0] = (struct pollfd){sfd, POLLIN, 0};
    p[1] = (struct pollfd){r->listen_fd, POLLIN, 0};
    /* a hung-up master reports POLLHUP whatever is asked: leave it out while output waits */
    int want_master = master_open && !out_pending;
    p[2] = (struct pollfd){want_master || (in_pending && t == r->master) ? r->master : -1,
                           (short)((want_master ? POLLIN : 0) | (in_pending && t == r->master ? POLLOUT : 0)), 0};
    p[3] = (struct pollfd){out_pending ? r->out_fd : in_pending && t == r->in_w ? r->in_w : -1, POLLOUT, 0};
    for (int i = 0; i < RELAY_CLIENTS; i++) {
      struct relay_client *c = &r->clients[i];
      p[4 + i] = (struct pollfd){c->rfd >= 0 && !c->eof && c->len < sizeof c->buf ? c->rfd : -1, POLLIN, 0};
    }
    if (poll(p, 4 + RELAY_CLIENTS, -1) < 0 && errno != EINTR) break;
    if (p[0].revents) on_signals(sfd, main_pid, &code);
    if (p[1].revents & POLLIN) relay_accept_pending(r);
    if (p[2].revents & (POLLIN | POLLHUP | POLLERR) && want_master) master_open = read_master(r);
    if (p[3].revents && out_pending) flush_output(r, 0);
    for (int i = 0; i < RELAY_CLIENTS; i++)
      if (p[4 + i].revents && r->clients[i].rfd >= 0) read_client(r, &r->clients[i]);
  }
  /* the process is gone; what it wrote may still sit in the terminal. Bounded: a background
   * process that still holds the terminal and keeps writing must not keep the container up */
  flush_output(r, 1);
  long long until = now_ns() + 1000000000LL;
  while (master_open && now_ns() < until) {
    struct pollfd mp = {r->master, POLLIN, 0};
    if (poll(&mp, 1, 100) <= 0) break;
    master_open = read_master(r);
    flush_output(r, 1);
  }
  if (sfd >= 0) close(sfd);
  return code;
}
