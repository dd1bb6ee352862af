// Returns the leftmost longest substring of s without repeating characters.
// s is UTF-8: a character (code point) may take several bytes.
#include <string>

std::string longestSubstring(const std::string& s) {
    // TODO: implement (a sliding window gives O(n)).
    return "";
}
