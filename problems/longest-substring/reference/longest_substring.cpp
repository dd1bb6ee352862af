// Leftmost longest substring without repeating characters, in O(n) with a sliding window.
// The string is UTF-8: the window moves by code point (an emoji is one character), and the
// answer is cut out of the original bytes.
#include <string>
#include <unordered_map>
#include <vector>

std::string longestSubstring(const std::string& s) {
    // Byte offset where each code point starts, plus the end.
    std::vector<size_t> starts;
    std::vector<unsigned> points;
    for (size_t i = 0; i < s.size();) {
        unsigned char lead = static_cast<unsigned char>(s[i]);
        size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
        unsigned cp = 0;
        for (size_t k = 0; k < len && i + k < s.size(); k++) cp = cp << 8 | static_cast<unsigned char>(s[i + k]);
        starts.push_back(i);
        points.push_back(cp);
        i += len;
    }
    starts.push_back(s.size());
    std::unordered_map<unsigned, size_t> last;
    size_t left = 0, best_start = 0, best_len = 0;
    for (size_t right = 0; right < points.size(); right++) {
        auto it = last.find(points[right]);
        if (it != last.end() && it->second >= left) left = it->second + 1;
        last[points[right]] = right;
        if (right - left + 1 > best_len) {
            best_len = right - left + 1;
            best_start = left;
        }
    }
    return s.substr(starts[best_start], starts[best_start + best_len] - starts[best_start]);
}
