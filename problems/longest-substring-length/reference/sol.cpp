#include <array>
#include <iostream>
#include <string>

int main() {
    std::ios::sync_with_stdio(false);
    std::string s;
    std::getline(std::cin, s);
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.pop_back();

    std::array<long, 256> last;
    last.fill(-1);
    long left = 0, best = 0;
    for (long i = 0; i < static_cast<long>(s.size()); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (last[c] >= left) left = last[c] + 1;
        last[c] = i;
        best = std::max(best, i - left + 1);
    }
    std::cout << best << '\n';
    return 0;
}
