// Returns the leaves of doc under their dotted paths ("user.roles.0").
// Json is the harness's JSON value: is_null(), is_bool(), is_int(), is_float(), is_string(),
// is_array(), is_object(); as_bool(), as_int(), as_float(), as_string(); items() (an array's),
// entries() (an object's, in the order written), size(); built from nullptr, bool, long long,
// double, std::string, std::vector<Json>.
#include <map>
#include <string>

std::map<std::string, Json> flattenJson(Json doc) {
    // TODO: walk doc recursively, carrying the path.
    return {};
}
