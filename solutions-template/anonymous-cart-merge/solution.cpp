#include <map>
#include <string>

std::map<std::string, long long> mergeCarts(std::map<std::string, long long> user,
                                            std::map<std::string, long long> session,
                                            std::map<std::string, long long> stock) {
    // TODO: quantities add, the stock caps each one, products not in stock are dropped, and
    // lines that come to 0 (or less) are left out.
    return user;
}
