// Returns the length of the longest substring (the classic LeetCode variant) instead of the
// substring itself. Expected verdict: WA ("expected string ..., got int ...").
#include <string>
#include <unordered_set>

int longestSubstring(const std::string& s) {
    std::unordered_set<char> window;
    int left = 0, best = 0;
    for (int right = 0; right < (int)s.size(); right++) {
        while (window.count(s[right])) window.erase(s[left++]);
        window.insert(s[right]);
        best = std::max(best, right - left + 1);
    }
    return best;
}
