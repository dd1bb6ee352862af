#include <string>

bool isValid(const std::string& s) {
    // TODO: true when every bracket is closed by the same kind, in the right order
    return false;
}
