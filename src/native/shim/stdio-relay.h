/* Terminals and stdin: the pty, the attach socket and the relay loop (stdio-relay.c). */
#ifndef BERTH_STDIO_RELAY_H
#define BERTH_STDIO_RELAY_H
#include "shim.h"

/*
 * What a client sends (attach socket, or `exec -t` on fd 0): frames of
 * [type:1][length:2, big-endian][payload]. 'd' data for the process's stdin, 'w' window
 * size (rows:2, cols:2, big-endian), 'c' close stdin. Output comes back as raw bytes.
 */
#define FRAME_MAX 32768
#define RELAY_BUF (FRAME_MAX * 2)

struct relay_client {
  int rfd, wfd; /* the same socket, or exec's fd 0 (read) and no write side (-1) */
  size_t len;
  int eof; /* sent all its input (half-closed); still gets output */
  unsigned char buf[RELAY_BUF]; /* last: pages of unused buffers are never touched */
};

#define RELAY_CLIENTS 8
struct relay {
  int master;       /* the pty master, -1 without a terminal */
  int in_w;         /* without a terminal: write end of the process's stdin pipe, or -1 */
  int out_fd;       /* with a terminal: where its output goes (stdout FIFO, or exec's fd 1) */
  int listen_fd;    /* attach socket, or -1 */
  int accept_input; /* clients' data reaches the process (stdin_open / -i) */
  int once;         /* a client that ends closes the process's stdin (run -i, Docker's StdinOnce) */
  struct relay_client clients[RELAY_CLIENTS];
  unsigned char in_buf[RELAY_BUF];
  size_t in_len, in_off;
  int in_close;
  unsigned char out_buf[RELAY_BUF];
  size_t out_len, out_off;
};

void relay_init(struct relay *r);
/* opens a pty in the current mount namespace's /dev/ptmx; fills slave with its path */
int pty_open(char *slave, size_t len, char *err, size_t errlen);
/* in a forked child: a new session whose controlling terminal and stdio are the slave */
int pty_become_session(const char *slave, uid_t owner);
/* binds <dir>/attach.sock (relative to dir, so long state paths are fine) */
int attach_listen(const char *dir, char *err, size_t errlen);
/* takes connections already queued (a client that connected before start) and their frames */
void relay_accept_pending(struct relay *r);
int relay_add_client(struct relay *r, int rfd, int wfd);
/* runs until main_pid exits, forwarding signals (all blocked, read through a signalfd) and
 * moving bytes; drains the terminal's last output; returns the exit code */
int relay_run(struct relay *r, pid_t main_pid);
#endif
