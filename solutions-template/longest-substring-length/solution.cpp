#include <iostream>
#include <string>

int main() {
    std::ios::sync_with_stdio(false);
    std::string s;
    std::getline(std::cin, s);
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.pop_back();

    long answer = 0;
    // TODO: compute the length of the longest substring of s without
    // repeating characters.

    std::cout << answer << '\n';
    return 0;
}
