/* Output flood for the grader benchmark: writes 200 MiB to stdout, 64 KiB at a time.
 * Under the grader's output limit (RLIMIT_FSIZE) the write that crosses the limit raises
 * SIGXFSZ and ends the program; run bare, it writes all 200 MiB and exits 0. */
#include <string.h>
#include <unistd.h>
#include <errno.h>

#define CHUNK (64 * 1024)
#define TOTAL (200L * 1024 * 1024)

int main(void) {
    static char buf[CHUNK];
    memset(buf, 'x', sizeof buf);
    for (int i = 63; i < CHUNK; i += 64) buf[i] = '\n';
    long left = TOTAL;
    while (left > 0) {
        size_t n = left < CHUNK ? (size_t)left : CHUNK;
        ssize_t w = write(1, buf, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        left -= w;
    }
    return 0;
}
