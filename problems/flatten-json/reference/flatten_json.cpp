// `any` is the harness's `Json` value (is_object(), entries(), is_array(), items(), ...).
#include <map>
#include <string>

static void walk(const Json& value, const std::string& path, std::map<std::string, Json>& out) {
    auto join = [&](const std::string& key) { return path.empty() ? key : path + "." + key; };
    if (value.is_object() && value.size() > 0) {
        for (const auto& [key, child] : value.entries()) walk(child, join(key), out);
    } else if (value.is_array() && value.size() > 0) {
        for (size_t i = 0; i < value.items().size(); i++) walk(value.items()[i], join(std::to_string(i)), out);
    } else {
        out[path] = value;
    }
}

std::map<std::string, Json> flattenJson(Json doc) {
    std::map<std::string, Json> out;
    walk(doc, "", out);
    return out;
}
