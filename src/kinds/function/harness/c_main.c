/* grader's harness for C function answers (its own translation unit): reads the tests as JSON on
 * stdin, calls the candidate's function through the bridge for each test, and writes one JSON
 * line per test, with the run's nonce, on a channel of its own (fd 3). A call that runs past its
 * CPU limit ends the process with SIGVTALRM; the grader re-runs the tests not reached. */
#define _GNU_SOURCE
#include "grader_json.h"

#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int grader_channel = 3;
static char* grader_nonce = "";
static long long grader_current_test = -1;

static void grader_emit(grader_buf* record) {
    record->len--; /* '}' */
    grader_puts(record, ",\"nonce\":");
    grader_put_string(record, grader_nonce);
    grader_puts(record, "}\n");
    size_t done = 0;
    while (done < record->len) {
        ssize_t n = write(grader_channel, record->data + done, record->len - done);
        if (n <= 0) break;
        done += (size_t)n;
    }
    record->len = 0;
}

void grader_at_call(long long k) {
    if (k < 0) return;
    grader_buf rec = {0, 0, 0};
    grader_puts(&rec, "{\"start\":");
    grader_put_int(&rec, grader_current_test);
    grader_puts(&rec, ",\"call\":");
    grader_put_int(&rec, k);
    grader_puts(&rec, "}");
    grader_emit(&rec);
    free(rec.data);
}

static double grader_clock(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void) {
    grader_channel = dup(3);
    close(3);
    grader_buf in = {0, 0, 0};
    char chunk[65536];
    size_t got;
    grader_put(&in, "", 0);
    while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0) grader_put(&in, chunk, got);
    grader_parser ps = {in.data, 0};
    grader_value spec = grader_parse(&ps);
    grader_nonce = grader_get(&spec, "nonce")->s;
    const grader_value* ff = grader_get(&spec, "fail_fast");
    (void)ff;
    grader_buf rec = {0, 0, 0};
    grader_puts(&rec, "{\"import_stdout\":\"\"}");
    grader_emit(&rec);
    const grader_value* tests = grader_get(&spec, "tests");
    for (size_t t = 0; t < tests->n; t++) {
        const grader_value* test = &tests->items[t];
        long long i = grader_get(test, "i")->i;
        grader_puts(&rec, "{\"start\":");
        grader_put_int(&rec, i);
        grader_puts(&rec, "}");
        grader_emit(&rec);
        grader_current_test = i;
        double limit = grader_float(grader_get(test, "cpu_limit")) + grader_float(grader_get(test, "grace"));
        struct itimerval timer = {{0, 0}, {(time_t)limit, (suseconds_t)((limit - (double)(time_t)limit) * 1e6)}};
        setitimer(ITIMER_VIRTUAL, &timer, NULL);
        grader_buf value = {0, 0, 0};
        grader_put(&value, "", 0);
        double cpu0 = grader_clock(CLOCK_PROCESS_CPUTIME_ID), wall0 = grader_clock(CLOCK_MONOTONIC);
        grader_call(grader_get(test, "args"), &value);
        double cpu = grader_clock(CLOCK_PROCESS_CPUTIME_ID) - cpu0, wall = grader_clock(CLOCK_MONOTONIC) - wall0;
        struct itimerval off = {{0, 0}, {0, 0}};
        setitimer(ITIMER_VIRTUAL, &off, NULL);
        fflush(stdout);
        grader_puts(&rec, "{\"i\":");
        grader_put_int(&rec, i);
        grader_puts(&rec, ",\"value\":");
        grader_put(&rec, value.data, value.len);
        char times[96];
        snprintf(times, sizeof times, ",\"cpu\":%.6f,\"wall\":%.6f}", cpu, wall);
        grader_puts(&rec, times);
        grader_emit(&rec);
        free(value.data);
    }
    fflush(stdout);
    return 0;
}
