// grader's harness for C++ function answers (its own translation unit): reads the tests as JSON
// on stdin, calls the candidate's function through the bridge for each test, and writes one
// JSON line per test, with the run's nonce, on a channel of its own (fd 3). A call that runs
// past its CPU limit ends the process with SIGVTALRM; the grader re-runs the tests not reached.
#define GRADER_JSON_CORE_ONLY
#include "grader_json.hpp"

#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <exception>
#include <new>

using grader_json::V;

long long grader_json::current_call = -1;

static int channel = 3;
static std::string nonce;
static long long current_test = -1;

static void emit(std::string record) {
    record.pop_back();  // '}'
    record += ",\"nonce\":";
    grader_json::put_string(record, nonce);
    record += "}\n";
    size_t done = 0;
    while (done < record.size()) {
        ssize_t n = write(channel, record.data() + done, record.size() - done);
        if (n <= 0) break;
        done += size_t(n);
    }
}

void grader_json::at_call(long long k) {
    current_call = k;
    if (k >= 0) emit("{\"start\":" + std::to_string(current_test) + ",\"call\":" + std::to_string(k) + "}");
}

static double clock_secs(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

int main() {
    channel = dup(3);
    close(3);
    std::string text;
    char chunk[65536];
    for (ssize_t n; (n = read(0, chunk, sizeof chunk)) > 0;) text.append(chunk, size_t(n));
    grader_json::Parser parser(text);
    V spec = parser.value();
    nonce = spec.get("nonce")->s;
    bool fail_fast = spec.get("fail_fast") && spec.get("fail_fast")->b;
    emit("{\"import_stdout\":\"\"}");
    for (const V& test : spec.get("tests")->a) {
        long long i = test.get("i")->i;
        emit("{\"start\":" + std::to_string(i) + "}");
        current_test = i;
        auto secs = [](const V* v) { return v->kind == V::Int ? double(v->i) : v->f; };
        double limit = secs(test.get("cpu_limit")) + secs(test.get("grace"));
        itimerval timer{};
        timer.it_value.tv_sec = time_t(limit);
        timer.it_value.tv_usec = suseconds_t((limit - double(time_t(limit))) * 1e6);
        setitimer(ITIMER_VIRTUAL, &timer, nullptr);
        std::string value, failure;
        bool mle = false;
        double cpu0 = clock_secs(CLOCK_PROCESS_CPUTIME_ID), wall0 = clock_secs(CLOCK_MONOTONIC);
        grader_json::current_call = -1;
        try {
            grader_json::call(*test.get("args"), value);
        } catch (const std::bad_alloc&) {
            mle = true;
        } catch (const std::exception& e) {
            failure = std::string("exception: ") + e.what();
        } catch (...) {
            failure = "exception: the function threw a value that is not a std::exception";
        }
        double cpu = clock_secs(CLOCK_PROCESS_CPUTIME_ID) - cpu0, wall = clock_secs(CLOCK_MONOTONIC) - wall0;
        itimerval off{};
        setitimer(ITIMER_VIRTUAL, &off, nullptr);
        std::fflush(stdout);
        std::string record = "{\"i\":" + std::to_string(i);
        if (mle) record += ",\"mle\":true";
        else if (!failure.empty()) {
            record += ",\"error\":";
            grader_json::put_string(record, failure);
            if (grader_json::current_call >= 0) record += ",\"call\":" + std::to_string(grader_json::current_call);
        } else record += ",\"value\":" + value;
        char times[96];
        std::snprintf(times, sizeof times, ",\"cpu\":%.6f,\"wall\":%.6f}", cpu, wall);
        emit(record + times);
        if (fail_fast && (mle || !failure.empty())) break;
    }
    std::fflush(stdout);
    return 0;
}
