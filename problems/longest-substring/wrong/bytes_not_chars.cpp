// A correct sliding window over bytes: a multi-byte UTF-8 character is several "characters", so
// the answer can cut one in half or miss a repeat. Expected verdict: WA (on non-ASCII tests).
#include <string>

std::string longestSubstring(std::string s) {
    int last[256];
    for (int& x : last) x = -1;
    int left = 0, best_start = 0, best_len = 0;
    for (int right = 0; right < (int)s.size(); right++) {
        unsigned char c = s[right];
        if (last[c] >= left) left = last[c] + 1;
        last[c] = right;
        if (right - left + 1 > best_len) {
            best_len = right - left + 1;
            best_start = left;
        }
    }
    return s.substr(best_start, best_len);
}
