#include <iostream>

int main() {
    long long a, b;
    std::cin >> a >> b;
    // A known-wrong answer: subtracts instead of adding.
    std::cout << a - b << "\n";
}
