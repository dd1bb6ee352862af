#include <string>
#include <vector>

bool isValid(const std::string& s) {
    std::vector<char> stack;
    for (char c : s) {
        char want = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;
        if (!want) {
            stack.push_back(c);
        } else {
            if (stack.empty() || stack.back() != want) return false;
            stack.pop_back();
        }
    }
    return stack.empty();
}
